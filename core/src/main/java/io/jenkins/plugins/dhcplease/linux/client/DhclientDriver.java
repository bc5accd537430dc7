package io.jenkins.plugins.dhcplease.linux.client;

import io.jenkins.plugins.dhcplease.engine.Deadline;
import io.jenkins.plugins.dhcplease.engine.OperationResult;
import io.jenkins.plugins.dhcplease.linux.LinuxHost;
import io.jenkins.plugins.dhcplease.linux.command.CommandResult;
import io.jenkins.plugins.dhcplease.linux.detect.ClientKind;
import io.jenkins.plugins.dhcplease.linux.detect.Detection;
import io.jenkins.plugins.dhcplease.linux.detect.ManagerDetector;
import io.jenkins.plugins.dhcplease.linux.state.ReleaseRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * ISC dhclient, always with the running daemon's own arguments (its pid file, lease file, config, script):
 * <ul>
 * <li>release: {@code ARGV -r} sends RELEASE and stops the daemon; the arguments are recorded first;</li>
 * <li>renew: dhclient has no renew verb: {@code ARGV -x} stops the daemon without a release, then {@code ARGV -1}
 *     re-requests the same address (try once, then keep running as the daemon);</li>
 * <li>renew after a release: {@code ARGV -1} from the record.</li>
 * </ul>
 */
final class DhclientDriver implements ClientDriver {

    /** The flags dhcp-lease adds itself; stripped from a daemon's argv before reuse ({@code -d}: never foreground). */
    private static final Set<String> OWN_FLAGS = Set.of("-1", "-r", "-x", "-d");
    private static final List<String> DEFAULT_LEASE_FILES = List.of("/var/lib/dhcp/dhclient.%s.leases",
            "/var/lib/dhcp/dhclient.leases", "/var/lib/dhclient/dhclient-%s.leases", "/var/lib/dhclient/dhclient.leases");

    private static final String STOP_ADVICE = "dhclient still holds its lease; check that dhcp-lease runs as root"
            + " and that the daemon's pid and lease files (in its command line) are readable.";

    private final LinuxHost host;

    DhclientDriver(LinuxHost host) {
        this.host = host;
    }

    @Override
    public LeaseInfo lease(String ifname, int ifindex, Detection client) {
        return leaseFile(ifname, client.argv()).map(f -> {
            try {
                return DhclientLeaseFile.parse(Files.readString(f, StandardCharsets.UTF_8), ifname);
            } catch (IOException e) {
                return LeaseInfo.NONE;
            }
        }).orElse(LeaseInfo.NONE);
    }

    @Override
    public OperationResult release(String ifname, Detection client, Deadline deadline) throws InterruptedException {
        List<String> base = base(client.argv());
        if (servesEveryInterface(client, base)) {
            return sharedDaemon(ifname, client, "release");
        }
        if (client.running()) {
            return stop(ifname, client, base, "-r", deadline);
        }
        // stopped by an earlier release: -r only repeats the RELEASE of the recorded lease
        return CommandOutcomes.of(host.runner().run(Argv.withFlag(base, "-r"), deadline), STOP_ADVICE);
    }

    @Override
    public OperationResult renew(String ifname, Detection client, Deadline deadline) throws InterruptedException {
        List<String> base = base(client.argv());
        if (servesEveryInterface(client, base)) {
            return sharedDaemon(ifname, client, "renew");
        }
        Instant before = lease(ifname, 0, client).obtained();
        if (client.running()) {
            OperationResult stopped = stop(ifname, client, base, "-x", deadline);
            if (!stopped.ok()) {
                return stopped;
            }
        }
        CommandResult start = host.runner().run(Argv.withFlag(base, "-1"), deadline);
        if (!start.ok()) {
            return CommandOutcomes.of(start, "No DHCP server answered (dhclient exits 2 then), and no dhclient runs"
                    + " for " + ifname + " now. Its arguments are kept in " + host.state().releaseFile(ifname)
                    + ": the next renew starts it again; check that the DHCP server is reachable first.");
        }
        Instant after = lease(ifname, 0, client).obtained();
        if (before != null && Objects.equals(before, after)) {
            return OperationResult.failed(CommandOutcomes.CLIENT_DID_NOT_ACT, "'" + start.commandLine() + "' exited 0"
                    + " but recorded no new lease: no DHCP server answered and dhclient fell back to the lease it"
                    + " had (obtained " + before + "). Check that the DHCP server is reachable from " + ifname + ".");
        }
        host.state().clearRelease(ifname);
        return OperationResult.OK;
    }

    /**
     * Records the daemon's arguments, stops it with {@code ARGV flag} ({@code -r}: with a RELEASE, {@code -x}:
     * without) and checks that it is gone: with a pid file other than its own, dhclient signals nobody and exits 0.
     */
    private OperationResult stop(String ifname, Detection client, List<String> base, String flag, Deadline deadline)
            throws InterruptedException {
        OperationResult saved = remember(ifname, base);
        if (!saved.ok()) {
            return saved;
        }
        CommandResult r = host.runner().run(Argv.withFlag(base, flag), deadline);
        if (!r.ok()) {
            return CommandOutcomes.of(r, STOP_ADVICE);
        }
        if (host.processes().process(client.pid()).isPresent()) {
            return OperationResult.failed(CommandOutcomes.CLIENT_DID_NOT_ACT, "'" + r.commandLine() + "' exited 0 but"
                    + " the dhclient daemon (process " + client.pid() + ") still runs, keeps the lease and renews it:"
                    + " its pid file is not the one in its command line. Nothing else was started (a second dhclient"
                    + " would fight it over " + ifname + "). Stop it ('kill " + client.pid() + "') and start dhclient"
                    + " with -pf naming its pid file.");
        }
        return OperationResult.OK;
    }

    private OperationResult remember(String ifname, List<String> base) {
        try {
            host.state().saveRelease(ifname, new ReleaseRecord(ClientKind.DHCLIENT, base, host.netns(), Instant.now()));
            return OperationResult.OK;
        } catch (IOException e) {
            return OperationResult.failed(CommandOutcomes.NO_EXIT_STATUS, "Nothing was changed: dhcp-lease could not"
                    + " record dhclient's arguments in " + host.state().releaseFile(ifname) + " (" + e.getMessage()
                    + "), and without them a later renew could not start dhclient again. Make "
                    + host.state().dir() + " writable.");
        }
    }

    /** A running daemon with no interface on its command line: -r, -x and -1 would act on every interface. */
    private static boolean servesEveryInterface(Detection client, List<String> base) {
        return client.running() && ManagerDetector.dhclientInterfaces(base.subList(1, base.size())).isEmpty();
    }

    private static OperationResult sharedDaemon(String ifname, Detection client, String verb) {
        return OperationResult.failed(CommandOutcomes.NOT_SUPPORTED, "Nothing was changed: the dhclient daemon that"
                + " manages " + ifname + " (process " + client.pid() + " '" + String.join(" ", client.argv()) + "')"
                + " serves every interface, and dhclient can only " + verb + " by stopping it, which would act on all"
                + " of them. Run one dhclient per interface ('dhclient IF', as ifupdown does), or " + verb + " " + ifname
                + " with the tool that started that dhclient.");
    }

    /** The daemon's argv without the flags dhcp-lease adds itself. */
    static List<String> base(List<String> argv) {
        List<String> out = new ArrayList<>();
        for (String a : argv) {
            if (!OWN_FLAGS.contains(a)) {
                out.add(a);
            }
        }
        if (out.isEmpty()) {
            out.add("dhclient");
        }
        return out;
    }

    /** {@code -lf FILE} from the command line, else the first default that exists. */
    private Optional<Path> leaseFile(String ifname, List<String> argv) {
        int lf = argv.indexOf("-lf");
        if (lf >= 0 && lf + 1 < argv.size()) {
            return Optional.of(host.file(argv.get(lf + 1)));
        }
        return DEFAULT_LEASE_FILES.stream().map(p -> host.file(String.format(p, ifname))).filter(Files::isRegularFile)
                .findFirst();
    }
}
