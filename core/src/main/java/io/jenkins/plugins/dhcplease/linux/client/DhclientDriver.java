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
import java.util.Optional;
import java.util.Set;

/**
 * ISC dhclient, always with the running daemon's own (vetted) arguments and the system's dhclient binary:
 * <ul>
 * <li>release: {@code dhclient ARGS -r} sends RELEASE and stops the daemon; the arguments are recorded first;</li>
 * <li>renew: dhclient has no renew verb, so the daemon is restarted: SIGTERM (the daemon exits without running its
 *     script, so the address stays), then the same daemon again, as it was started (its service, else its arguments,
 *     detached from the agent). It asks for its recorded lease (INIT-REBOOT); a server that answers replaces the lease,
 *     a silent one leaves it in place while it is valid, and the daemon keeps trying as before;</li>
 * <li>renew after a release: the recorded daemon, started the same way.</li>
 * </ul>
 * Never {@code dhclient -1} (one try, then gone for good at the next outage) and never {@code -x} (its STOP hook
 * removes the address).
 */
final class DhclientDriver implements ClientDriver {

    /** Flags that would change what the daemon is: stripped from its argv before reuse. */
    private static final Set<String> OWN_FLAGS = Set.of("-1", "-r", "-x");
    private static final List<String> DEFAULT_LEASE_FILES = List.of("/var/lib/dhcp/dhclient.%s.leases",
            "/var/lib/dhcp/dhclient.leases", "/var/lib/dhclient/dhclient-%s.leases", "/var/lib/dhclient/dhclient.leases");

    private static final String STOP_ADVICE = "dhclient still holds its lease; check that dhcp-lease runs as root"
            + " and that the daemon's pid and lease files (in its command line) are readable.";

    private final LinuxHost host;
    private final SystemBinaries bin;
    private final ClientStarter starter;

    DhclientDriver(LinuxHost host) {
        this.host = host;
        this.bin = new SystemBinaries(host);
        this.starter = new ClientStarter(host);
    }

    /** The renew restarts the daemon: for the safety rules it is a release of the interface. */
    @Override
    public boolean renewInterruptsAddress() {
        return true;
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
        try {
            List<String> command = bin.command(base, "dhclient");
            if (client.running()) {
                OperationResult saved = remember(ifname, command, starter.owningUnit(client.pid(), deadline));
                if (!saved.ok()) {
                    return saved;
                }
            }
            CommandResult r = host.runner().run(Argv.withFlag(command, "-r"), deadline);
            if (!r.ok()) {
                return CommandOutcomes.of(r, STOP_ADVICE);
            }
            // with a pid file other than its own, dhclient -r signals nobody and exits 0
            if (client.running() && host.processes().process(client.pid()).isPresent()) {
                return OperationResult.failed(CommandOutcomes.CLIENT_DID_NOT_ACT, "'" + r.commandLine() + "' exited 0"
                        + " but the dhclient daemon (process " + client.pid() + ") still runs, keeps the lease and renews"
                        + " it: its pid file is not the one in its command line. Nothing else was started (a second"
                        + " dhclient would fight it over " + ifname + "). Stop it ('kill " + client.pid() + "') and start"
                        + " dhclient with -pf naming its pid file.");
            }
            return OperationResult.OK;
        } catch (SystemBinaries.Missing e) {
            return CommandOutcomes.missing(e);
        }
    }

    @Override
    public OperationResult renew(String ifname, Detection client, Deadline deadline) throws InterruptedException {
        List<String> base = base(client.argv());
        if (servesEveryInterface(client, base)) {
            return sharedDaemon(ifname, client, "renew");
        }
        try {
            List<String> command = bin.command(base, "dhclient");
            LeaseInfo before = lease(ifname, 0, client);
            LeaseWait.pastTheSecondOf(before.obtained(), deadline);
            // once the daemon is told to stop, it is started again whatever the request's deadline says
            Deadline restore = ClientStarter.restoreDeadline(deadline);
            Optional<String> unit;
            if (client.running()) {
                unit = starter.owningUnit(client.pid(), deadline);
                OperationResult saved = remember(ifname, command, unit);
                if (!saved.ok()) {
                    return saved;
                }
                if (unit.isEmpty()) {
                    OperationResult stopped = stop(ifname, client, restore);
                    if (!stopped.ok()) {
                        return stopped;
                    }
                }
            } else {
                unit = starter.rememberedOwner(ifname);
            }
            CommandResult start = unit.isPresent()
                    ? starter.viaUnit(client.running() ? "restart" : "start", unit.get(), restore)
                    : starter.detached(command, restore);
            String how = unit.map(u -> "its service " + u).orElse("'" + String.join(" ", command) + "'");
            if (!start.ok()) {
                return CommandOutcomes.of(start, "dhclient was not started again for " + ifname + ". "
                        + keptAddress(before, client.running()) + " The record in " + host.state().releaseFile(ifname) + " makes the next"
                        + " renew start it.");
            }
            Optional<Detection> daemon = LeaseWait.daemon(host, ClientKind.DHCLIENT, ifname, client.pid(), restore);
            if (daemon.isEmpty()) {
                return OperationResult.failed(CommandOutcomes.CLIENT_DID_NOT_ACT, "dhclient was started again for "
                        + ifname + " (" + how + ") but no dhclient process for " + ifname + " appeared by the deadline. "
                        + keptAddress(before, client.running()) + " The record in " + host.state().releaseFile(ifname) + " makes the next"
                        + " renew start it; see the system log for why dhclient exited.");
            }
            // the daemon runs again as it was started: nothing is left for a later run to restore
            host.state().clearRelease(ifname);
            starter.forgetOwner(ifname);
            Optional<LeaseInfo> got = LeaseWait.changed(() -> lease(ifname, 0, client), before.obtained(), deadline);
            if (got.isEmpty()) {
                return OperationResult.failed(CommandOutcomes.NO_ANSWER, "dhclient asked for a new lease of " + ifname
                        + " but no DHCP server answered by the deadline. " + keptAddress(before, client.running()) + " dhclient runs again"
                        + " as it was started (process " + daemon.get().pid() + ", " + how + ") and keeps trying. Check"
                        + " that the DHCP server is reachable from " + ifname + ", or raise the timeout.");
            }
            return OperationResult.OK;
        } catch (SystemBinaries.Missing e) {
            return CommandOutcomes.missing(e);
        }
    }

    /** What a silent server leaves: the address stays while the lease on record is valid. */
    private static String keptAddress(LeaseInfo before, boolean wasRunning) {
        if (!wasRunning) {
            return "The lease was released before, so there is none to keep.";
        }
        if (before.obtained() == null) {
            return "dhclient had no lease on record.";
        }
        return "The lease is kept (" + LeaseWait.validity(before) + ") and its address stays until then.";
    }

    /** SIGTERM to the daemon: it exits without running its script (the address stays), unlike {@code -x}. */
    private OperationResult stop(String ifname, Detection client, Deadline deadline)
            throws InterruptedException, SystemBinaries.Missing {
        CommandResult r = host.runner().run(bin.kill("TERM", client.pid()), deadline);
        if (!r.ok() && host.processes().process(client.pid()).isPresent()) {
            return CommandOutcomes.of(r, "dhclient (process " + client.pid() + ") was not stopped for the renew; nothing"
                    + " else was started and it keeps the lease of " + ifname + ".");
        }
        if (!LeaseWait.gone(host, client.pid(), deadline)) {
            return OperationResult.failed(CommandOutcomes.CLIENT_DID_NOT_ACT, "the dhclient daemon (process "
                    + client.pid() + ") still ran at the deadline after SIGTERM; nothing else was started (a second"
                    + " dhclient would fight it over " + ifname + ") and it keeps the lease.");
        }
        return OperationResult.OK;
    }

    /** Records how to start the daemon again (its arguments, its owning service) before it is stopped. */
    private OperationResult remember(String ifname, List<String> command, Optional<String> unit) {
        try {
            starter.rememberOwner(ifname, unit);
            host.state().saveRelease(ifname, new ReleaseRecord(ClientKind.DHCLIENT, command, host.netns(), Instant.now()));
            return OperationResult.OK;
        } catch (IOException e) {
            return OperationResult.failed(CommandOutcomes.NO_EXIT_STATUS, "Nothing was changed: dhcp-lease could not"
                    + " record dhclient's arguments in " + host.state().releaseFile(ifname) + " (" + e.getMessage()
                    + "), and without them a later renew could not start dhclient again. Make "
                    + host.state().dir() + " writable.");
        }
    }

    /** A running daemon with no interface on its command line: -r and a restart would act on every interface. */
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

    /** The daemon's argv without the one-shot flags ({@code -1 -r -x}): what it is as a daemon. */
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
