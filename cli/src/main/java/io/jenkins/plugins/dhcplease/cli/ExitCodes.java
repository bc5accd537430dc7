package io.jenkins.plugins.dhcplease.cli;

import io.jenkins.plugins.dhcplease.model.LeaseException;
import io.jenkins.plugins.dhcplease.model.LeaseReport;
import io.jenkins.plugins.dhcplease.model.OutcomeStatus;

/** The CLI's documented exit codes (docs/cli.md): scripts branch on them. */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int INTERNAL = 1;
    /** Usage error, malformed selector, ambiguous selector. */
    public static final int BAD_INPUT = 2;
    public static final int NO_MATCH = 3;
    /** An adapter failed, or every selected adapter was skipped. */
    public static final int FAILED = 4;
    public static final int TIMED_OUT = 5;
    /** Refused for safety: it would cut the machine off the controller. */
    public static final int REFUSED = 6;
    /** This OS, or the tool managing the adapter, is not supported. */
    public static final int UNSUPPORTED = 7;
    /** The adapter inventory could not be read. */
    public static final int INVENTORY = 8;
    /** Changing a lease needs root (Linux), and this process is not root: nothing was looked at or changed. */
    public static final int NEEDS_ROOT = 9;

    private ExitCodes() {
    }

    public static int of(LeaseException e) {
        return switch (e.kind()) {
            case BAD_INPUT, AMBIGUOUS -> BAD_INPUT;
            case NO_MATCH -> NO_MATCH;
            case REFUSED -> REFUSED;
            case UNSUPPORTED -> UNSUPPORTED;
            case INVENTORY_FAILED, LOST -> INVENTORY;
            case NEEDS_ROOT -> NEEDS_ROOT;
        };
    }

    public static int of(LeaseReport r) {
        if (r.ok()) {
            return OK;
        }
        // timed out only when every problem is a timeout; an all-skipped report has none and is FAILED
        return r.anyTimedOut() && r.problems().stream().allMatch(o -> o.status() == OutcomeStatus.TIMED_OUT)
                ? TIMED_OUT : FAILED;
    }
}
