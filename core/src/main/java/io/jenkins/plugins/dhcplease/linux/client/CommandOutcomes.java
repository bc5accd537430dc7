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
    /** EX_CONFIG: dhcp-lease lacks a setting it needs to act safely; nothing was run. */
    static final int NOT_CONFIGURED = 78;
    /** ETIMEDOUT: the client asked, no DHCP server answered by the deadline; the client keeps its lease and tries on. */
    static final int NO_ANSWER = 110;

    private CommandOutcomes() {
    }

    static OperationResult of(CommandResult r, String advice) {
        if (r.ok()) {
            return OperationResult.OK;
        }
        int code = r.startError() != null || r.timedOut() ? NO_EXIT_STATUS : r.exitCode();
        return OperationResult.failed(code, r.describe() + ". " + advice);
    }

    /** A program the driver needs is not installed in the system directories: nothing was run. */
    static OperationResult missing(SystemBinaries.Missing e) {
        return OperationResult.failed(NO_EXIT_STATUS, "Nothing was changed: " + e.getMessage() + ". Install it (Debian"
                + " and Ubuntu: apt-get install " + PACKAGES.getOrDefault(e.program(), e.program()) + ").");
    }

    private static final java.util.Map<String, String> PACKAGES = java.util.Map.of("dhclient", "isc-dhcp-client",
            "dhcpcd", "dhcpcd-base", "udhcpc", "udhcpc", "busybox", "busybox", "kill", "procps", "setsid", "util-linux",
            "nmcli", "network-manager", "networkctl", "systemd", "systemctl", "systemd", "systemd-run", "systemd");
}
