package io.jenkins.plugins.dhcplease.linux.client;

import io.jenkins.plugins.dhcplease.engine.Deadline;
import io.jenkins.plugins.dhcplease.engine.OperationResult;
import io.jenkins.plugins.dhcplease.linux.LinuxHost;
import io.jenkins.plugins.dhcplease.linux.command.CommandResult;
import io.jenkins.plugins.dhcplease.linux.detect.ClientKind;
import io.jenkins.plugins.dhcplease.linux.detect.Detection;
import io.jenkins.plugins.dhcplease.linux.state.ReleaseRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * dhcpcd, through its control socket ({@code -4} must match the daemon's: it names the socket), always with the
 * system's dhcpcd binary:
 * <ul>
 * <li>release: {@code dhcpcd [-4] -k IF} sends RELEASE; the daemon of that interface exits, so how to start it again
 *     is recorded first;</li>
 * <li>renew: {@code dhcpcd [-4] -N IF} makes the running daemon send a unicast RENEW; the driver waits for the lease
 *     file to change. With the server silent dhcpcd keeps its lease and address and tries on (REBIND at T2);</li>
 * <li>renew after a release: the owning service again, else the recorded start command, detached from the agent.</li>
 * </ul>
 * dhcpcd rewrites its process title, so its original arguments cannot be read back: the start command is
 * {@code dhcpcd [-4] EXTRA IF}, EXTRA from {@link LinuxHost#dhcpcdStartArgs()}. Without EXTRA (and without a service
 * that owns the daemon) a release is refused: dhcpcd would come back with the distribution's configuration and
 * hooks, not its own.
 */
final class DhcpcdDriver implements ClientDriver {

    private final LinuxHost host;
    private final SystemBinaries bin;
    private final ClientStarter starter;

    DhcpcdDriver(LinuxHost host) {
        this.host = host;
        this.bin = new SystemBinaries(host);
        this.starter = new ClientStarter(host);
    }

    @Override
    public LeaseInfo lease(String ifname, int ifindex, Detection client) {
        for (String name : List.of(ifname + ".lease", "dhcpcd-" + ifname + ".lease")) {
            Path f = host.file("/var/lib/dhcpcd").resolve(name);
            try {
                return DhcpcdLeaseFile.parse(Files.readAllBytes(f), Files.getLastModifiedTime(f).toInstant());
            } catch (IOException e) {
                // try the next name
            }
        }
        return LeaseInfo.NONE;
    }

    @Override
    public OperationResult release(String ifname, Detection client, Deadline deadline) throws InterruptedException {
        if (!client.running()) {
            // stopped by an earlier release (the record says how to start it again): nothing holds a lease to release
            return OperationResult.OK;
        }
        try {
            Optional<String> unit = starter.owningUnit(client.pid(), deadline);
            Optional<List<String>> start = startCommand(ifname, client);
            if (unit.isEmpty() && start.isEmpty()) {
                return OperationResult.failed(CommandOutcomes.NOT_CONFIGURED, "Nothing was changed: the release stops"
                        + " dhcpcd (process " + client.pid() + " '" + String.join(" ", client.argv()) + "'), and dhcpcd"
                        + " hides the arguments it was started with (it rewrites its process title), so a later renew"
                        + " could only start it with the distribution's /etc/dhcpcd.conf and hooks, not as it runs now."
                        + " Set " + LinuxHost.DHCPCD_ARGS_ENV + " (or -D" + LinuxHost.DHCPCD_ARGS_PROPERTY + ") to the"
                        + " arguments dhcpcd was started with (for example '-f /etc/dhcpcd.conf' to confirm the"
                        + " defaults), or run dhcpcd under a systemd service; renew works without either.");
            }
            try {
                starter.rememberOwner(ifname, unit);
                host.state().saveRelease(ifname, new ReleaseRecord(ClientKind.DHCPCD,
                        start.orElseGet(() -> List.of(dhcpcdPath(), ifname)), host.netns(), Instant.now()));
            } catch (IOException e) {
                return OperationResult.failed(CommandOutcomes.NO_EXIT_STATUS, "Nothing was changed: dhcp-lease could"
                        + " not record how to start dhcpcd again in " + host.state().releaseFile(ifname) + " ("
                        + e.getMessage() + "). Make " + host.state().dir() + " writable.");
            }
            CommandResult r = host.runner().run(Argv.of(bin.require("dhcpcd"), flags(client), "-k", ifname), deadline);
            return CommandOutcomes.of(r, "dhcpcd may still hold the lease; 'dhcpcd -k' must be run as root and with the"
                    + " same -4/-6 flag as the daemon.");
        } catch (SystemBinaries.Missing e) {
            return CommandOutcomes.missing(e);
        }
    }

    /** dhcpcd's argv when it kept it (no privilege separation), else the configured start arguments; else none. */
    private Optional<List<String>> startCommand(String ifname, Detection client) throws SystemBinaries.Missing {
        if (client.argv().size() > 1 && !client.argv().get(0).startsWith("dhcpcd:")) {
            return Optional.of(bin.command(client.argv(), "dhcpcd"));
        }
        if (host.dhcpcdStartArgs().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Argv.of(bin.require("dhcpcd"), flags(client), host.dhcpcdStartArgs(), ifname));
    }

    private String dhcpcdPath() {
        return bin.find("dhcpcd").orElse("dhcpcd");
    }

    @Override
    public OperationResult renew(String ifname, Detection client, Deadline deadline) throws InterruptedException {
        try {
            LeaseInfo before = lease(ifname, 0, client);
            if (client.running()) {
                // with no daemon, -N would start a new one with the default configuration: make sure it still runs
                if (host.processes().process(client.pid()).isEmpty()) {
                    return OperationResult.failed(CommandOutcomes.CLIENT_DID_NOT_ACT, "dhcpcd (process " + client.pid()
                            + ") exited before the renew; nothing was run (dhcpcd -N would start a new dhcpcd with the"
                            + " default configuration). Start dhcpcd for " + ifname + " again as it is configured.");
                }
                CommandResult r = host.runner().run(Argv.of(bin.require("dhcpcd"), flags(client), "-N", ifname), deadline);
                if (!r.ok()) {
                    return CommandOutcomes.of(r, "dhcpcd did not take the renew request; check 'dhcpcd -U " + ifname + "'.");
                }
                return awaitLease(ifname, client, before, false, "dhcpcd (process " + client.pid() + ") sent its renew",
                        deadline);
            }
            Optional<String> unit = starter.rememberedOwner(ifname);
            List<String> command = bin.command(client.argv(), "dhcpcd");
            Deadline restore = ClientStarter.restoreDeadline(deadline);
            CommandResult r = unit.isPresent() ? starter.viaUnit("start", unit.get(), restore)
                    : starter.detached(command, restore);
            if (!r.ok()) {
                return CommandOutcomes.of(r, "dhcpcd was not started again for " + ifname + ". The start command stays"
                        + " in " + host.state().releaseFile(ifname) + " for the next renew.");
            }
            Optional<Detection> daemon = LeaseWait.daemon(host, ClientKind.DHCPCD, ifname, 0, restore);
            if (daemon.isEmpty()) {
                return OperationResult.failed(CommandOutcomes.CLIENT_DID_NOT_ACT, "dhcpcd was started again for "
                        + ifname + " (" + unit.orElse("'" + String.join(" ", command) + "'") + ") but no dhcpcd for "
                        + ifname + " ran by the deadline. The start command stays in " + host.state().releaseFile(ifname)
                        + " for the next renew; see the system log for why dhcpcd exited.");
            }
            host.state().clearRelease(ifname);
            starter.forgetOwner(ifname);
            return awaitLease(ifname, daemon.get(), before, true, "dhcpcd runs again as it was started (process "
                    + daemon.get().pid() + ")", deadline);
        } catch (SystemBinaries.Missing e) {
            return CommandOutcomes.missing(e);
        }
    }

    private OperationResult awaitLease(String ifname, Detection client, LeaseInfo before, boolean afterRelease,
            String done, Deadline deadline) throws InterruptedException {
        if (LeaseWait.changed(() -> lease(ifname, 0, client), before.obtained(), deadline).isPresent()) {
            return OperationResult.OK;
        }
        String kept = afterRelease ? "The lease was released before, so " + ifname + " has no DHCP address yet"
                : before.obtained() == null ? "It had no lease on record"
                : "The lease is kept (" + LeaseWait.validity(before) + ") and its address stays until then";
        return OperationResult.failed(CommandOutcomes.NO_ANSWER, done + " but no DHCP server answered " + ifname
                + " by the deadline. " + kept + "; dhcpcd keeps trying. Check that the DHCP server is reachable from "
                + ifname + ", or raise the timeout.");
    }

    private static List<String> flags(Detection client) {
        return client.ip4Only() ? List.of("-4") : List.of();
    }
}
