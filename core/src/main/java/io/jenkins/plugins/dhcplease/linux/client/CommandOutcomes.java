package io.jenkins.plugins.dhcplease.linux.client;

import io.jenkins.plugins.dhcplease.engine.OperationResult;
import io.jenkins.plugins.dhcplease.linux.command.CommandResult;

/** Turns how a client command ended into an {@link OperationResult} with a sentence a user can act on. */
final class CommandOutcomes {

    /** The code of a command that was killed at the deadline or could not start: it has no exit status. */
    static final int NO_EXIT_STATUS = -1;
    /** The code of a failure a driver found itself (the client's command exited 0). */
    static final int CLIENT_DID_NOT_ACT = 1;
    /** EOPNOTSUPP: the client cannot do this for one interface alone; nothing was run. */
    static final int NOT_SUPPORTED = 95;

    private CommandOutcomes() {
    }

    static OperationResult of(CommandResult r, String advice) {
        if (r.ok()) {
            return OperationResult.OK;
        }
        int code = r.startError() != null || r.timedOut() ? NO_EXIT_STATUS : r.exitCode();
        return OperationResult.failed(code, r.describe() + ". " + advice);
    }
}
