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

/**
 * dhcpcd, through its control socket ({@code -4} must match the daemon's: it names the socket):
 * <ul>
 * <li>release: {@code dhcpcd [-4] -k IF} sends RELEASE; the daemon of that interface exits, so a start command is
 *     recorded first;</li>
 * <li>renew: {@code dhcpcd [-4] -N IF} makes the daemon send a unicast RENEW (asynchronous: the engine waits for the
 *     lease file to change);</li>
 * <li>renew after a release: the recorded start command, which returns once dhcpcd has a lease and forked.</li>
 * </ul>
 * dhcpcd rewrites its process title, so its original arguments cannot be read back: the start command is
 * {@code dhcpcd [-4] EXTRA IF}, EXTRA from {@link LinuxHost#dhcpcdStartArgs()} (default config otherwise).
 */
final class DhcpcdDriver implements ClientDriver {

    private final LinuxHost host;

    DhcpcdDriver(LinuxHost host) {
        this.host = host;
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
            // released before (the record says how to start it again): nothing holds a lease to release
            return OperationResult.OK;
        }
        List<String> start = client.argv().size() > 1 && !client.argv().get(0).startsWith("dhcpcd:")
                ? client.argv() : Argv.of("dhcpcd", flags(client), host.dhcpcdStartArgs(), ifname);
        try {
            host.state().saveRelease(ifname, new ReleaseRecord(ClientKind.DHCPCD, start, host.netns(), Instant.now()));
        } catch (IOException e) {
            return OperationResult.failed(CommandOutcomes.NO_EXIT_STATUS, "Nothing was changed: dhcp-lease could not"
                    + " record how to start dhcpcd again in " + host.state().releaseFile(ifname) + " ("
                    + e.getMessage() + "). Make " + host.state().dir() + " writable.");
        }
        CommandResult r = host.runner().run(Argv.of("dhcpcd", flags(client), "-k", ifname), deadline);
        return CommandOutcomes.of(r, "dhcpcd may still hold the lease; 'dhcpcd -k' must be run as root and with the"
                + " same -4/-6 flag as the daemon.");
    }

    @Override
    public OperationResult renew(String ifname, Detection client, Deadline deadline) throws InterruptedException {
        if (client.running()) {
            CommandResult r = host.runner().run(Argv.of("dhcpcd", flags(client), "-N", ifname), deadline);
            return CommandOutcomes.of(r, "dhcpcd did not take the renew request; check 'dhcpcd -U " + ifname + "'.");
        }
        CommandResult r = host.runner().run(client.argv(), deadline);
        if (!r.ok()) {
            return CommandOutcomes.of(r, "dhcpcd did not get a lease for " + ifname + " (exit 1: no DHCP server"
                    + " answered in time). The start command stays in " + host.state().releaseFile(ifname)
                    + " for the next renew.");
        }
        host.state().clearRelease(ifname);
        return OperationResult.OK;
    }

    private static List<String> flags(Detection client) {
        return client.ip4Only() ? List.of("-4") : List.of();
    }
}
