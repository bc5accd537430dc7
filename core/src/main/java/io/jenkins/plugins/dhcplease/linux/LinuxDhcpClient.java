package io.jenkins.plugins.dhcplease.linux;

import io.jenkins.plugins.dhcplease.engine.Deadline;
import io.jenkins.plugins.dhcplease.engine.DhcpClient;
import io.jenkins.plugins.dhcplease.engine.LeaseLog;
import io.jenkins.plugins.dhcplease.engine.OperationResult;
import io.jenkins.plugins.dhcplease.linux.client.ClientDriver;
import io.jenkins.plugins.dhcplease.linux.client.ClientDrivers;
import io.jenkins.plugins.dhcplease.linux.client.LeaseInfo;
import io.jenkins.plugins.dhcplease.linux.detect.ClientKind;
import io.jenkins.plugins.dhcplease.linux.detect.Detection;
import io.jenkins.plugins.dhcplease.linux.detect.ManagerDetector;
import io.jenkins.plugins.dhcplease.linux.inventory.IpInventory;
import io.jenkins.plugins.dhcplease.linux.inventory.Link;
import io.jenkins.plugins.dhcplease.linux.inventory.LinkAddress;
import io.jenkins.plugins.dhcplease.linux.inventory.SocketTable;
import io.jenkins.plugins.dhcplease.linux.state.InterfaceLock;
import io.jenkins.plugins.dhcplease.model.AddressOrigin;
import io.jenkins.plugins.dhcplease.model.AddressState;
import io.jenkins.plugins.dhcplease.model.Ipv4Address;
import io.jenkins.plugins.dhcplease.model.LeaseException;
import io.jenkins.plugins.dhcplease.model.NetworkAdapter;
import io.jenkins.plugins.dhcplease.model.TcpConnection;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Linux backend: the inventory comes from iproute2, the lease is driven through whatever DHCP client manages the
 * interface (NetworkManager, systemd-networkd, dhclient, dhcpcd, udhcpc). Interface name = adapter id = name.
 */
public final class LinuxDhcpClient implements DhcpClient {

    /** Code of a release/renew on an interface whose DHCP client is unknown or absent. */
    public static final int NO_KNOWN_CLIENT = 2;
    /** EBUSY: another run holds the interface; nothing was changed. */
    public static final int BUSY = 16;
    /** What {@code manager} says when this process cannot see which client manages an interface: it is not root. */
    public static final String UNKNOWN_WITHOUT_ROOT = "cannot tell without root";
    private static final long KILL_MARGIN_MILLIS = 300;
    private static final Set<String> TUNNEL_KINDS = Set.of("tun", "wireguard", "ipip", "gre", "sit", "vti", "ip6tnl");

    private final LinuxHost host;
    private final IpInventory inventory;
    private final ManagerDetector detector;
    /** What manages each interface as last detected in this run: a poll reads it instead of scanning /proc. */
    private final Map<String, Optional<Detection>> known = new ConcurrentHashMap<>();
    private final Map<String, InterfaceLock> held = new ConcurrentHashMap<>();
    private volatile Deadline runDeadline;
    private volatile boolean changes;
    private volatile LeaseLog log = line -> { };

    public LinuxDhcpClient(LinuxHost host) {
        this.host = host;
        this.inventory = new IpInventory(host.runner());
        this.detector = new ManagerDetector(host);
    }

    public static DhcpClient create() throws LeaseException {
        return new LinuxDhcpClient(LinuxHost.local());
    }

    @Override
    public void beginRun(Deadline deadline, boolean changes, LeaseLog log) throws LeaseException {
        if (changes && !host.privileged()) {
            throw new LeaseException(LeaseException.Kind.NEEDS_ROOT, "Nothing was looked at or changed: releasing or"
                    + " renewing a DHCP lease on Linux needs root, and dhcp-lease runs as " + whoAmI() + ". The DHCP"
                    + " clients accept release and renew only from root, and only root can tell which client manages an"
                    + " interface. Run the agent (or the CLI: sudo dhcp-lease ...) as root.");
        }
        this.runDeadline = deadline;
        this.changes = changes;
        this.log = log;
    }

    @Override
    public List<NetworkAdapter> adapters() throws LeaseException {
        try {
            Deadline deadline = deadline();
            List<Link> links = inventory.links(deadline);
            List<NetworkAdapter> result = new ArrayList<>();
            if (!host.privileged()) {
                // another user's /proc/PID/exe cannot be read: no client can be told apart from an impostor
                for (Link l : links) {
                    if (!l.loopback()) {
                        result.add(adapter(l, Optional.empty(), UNKNOWN_WITHOUT_ROOT));
                    }
                }
                return result;
            }
            ManagerDetector.Scan scan = detector.scan(deadline);
            Set<String> names = new java.util.HashSet<>();
            for (Link l : links) {
                names.add(l.name());
                if (!l.loopback()) {
                    Optional<Detection> d = detect(scan, l);
                    known.put(l.name(), d);
                    result.add(adapter(l, d, null));
                }
            }
            if (changes) {
                reconcile(scan, links, names);
            }
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LeaseException(LeaseException.Kind.INVENTORY_FAILED, "Interrupted while listing the network"
                    + " interfaces; nothing was changed.", 0, e);
        }
    }

    /** Reads only {@code id}'s interface and its client's lease; the client is the one this run last detected. */
    @Override
    public Optional<NetworkAdapter> adapter(String id) throws LeaseException {
        try {
            Deadline deadline = deadline();
            Optional<Link> l = inventory.link(id, deadline);
            if (l.isEmpty() || l.get().loopback()) {
                return Optional.empty();
            }
            if (!host.privileged()) {
                return Optional.of(adapter(l.get(), Optional.empty(), UNKNOWN_WITHOUT_ROOT));
            }
            Optional<Detection> d = known.get(id);
            if (d == null) {
                d = detect(detector.scan(deadline), l.get());
                known.put(id, d);
            }
            return Optional.of(adapter(l.get(), d, null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LeaseException(LeaseException.Kind.INVENTORY_FAILED, "Interrupted while reading " + id
                    + "; nothing was changed.", 0, e);
        }
    }

    @Override
    public OperationResult claim(NetworkAdapter adapter, Deadline deadline) throws InterruptedException {
        String ifname = adapter.name();
        try {
            held.put(ifname, host.state().lock(ifname, "dhcp-lease in process " + ProcessHandle.current().pid(),
                    early(deadline)));
            return OperationResult.OK;
        } catch (InterfaceLock.Busy e) {
            return OperationResult.failed(BUSY, "Nothing was changed: another dhcp-lease run is working on " + ifname
                    + (e.holder().isEmpty() ? "" : " (" + e.holder() + ")") + " and did not finish within this run's"
                    + " deadline; two runs at once would fight over its DHCP client. Let it finish (or raise the"
                    + " timeout), then run again.");
        } catch (IOException e) {
            return OperationResult.failed(-1, "Nothing was changed: dhcp-lease could"
                    + " not take the lock of " + ifname + " in " + host.state().dir() + ": " + e.getMessage()
                    + ". The directory must be root's alone (mode 0700); remove what is wrong there and run again.");
        }
    }

    @Override
    public void unclaim(NetworkAdapter adapter) {
        InterfaceLock l = held.remove(adapter.name());
        if (l != null) {
            l.close();
        }
    }

    @Override
    public List<TcpConnection> connectionsOf(long pid) throws LeaseException {
        try {
            return SocketTable.established(host.file("/proc"), pid);
        } catch (IOException | SecurityException e) {
            throw new LeaseException(LeaseException.Kind.UNSUPPORTED, "cannot read the connections of process " + pid
                    + " from /proc: " + e.getMessage());
        }
    }

    @Override
    public OperationResult release(NetworkAdapter adapter, Deadline deadline) throws InterruptedException {
        return drive(adapter, "release", ClientDriver::release, deadline);
    }

    @Override
    public OperationResult renew(NetworkAdapter adapter, Deadline deadline) throws InterruptedException {
        return drive(adapter, "renew", ClientDriver::renew, deadline);
    }

    /** One driver call: a release or a renew. */
    @FunctionalInterface
    private interface Action {
        OperationResult apply(ClientDriver driver, String ifname, Detection client, Deadline deadline)
                throws InterruptedException;
    }

    /** dhclient renews by restarting, udhcpc may give the address up when no server answers: both count as a release. */
    @Override
    public boolean renewInterruptsAddress(NetworkAdapter adapter) {
        if (adapter.manager() == null) {
            return false;
        }
        try {
            return ClientDrivers.forKind(ClientKind.fromToolName(adapter.manager()), host).renewInterruptsAddress();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private OperationResult drive(NetworkAdapter adapter, String verb, Action action, Deadline deadline)
            throws InterruptedException {
        Deadline early = early(deadline);
        Optional<Link> link;
        try {
            link = inventory.link(adapter.name(), early);
        } catch (LeaseException e) {
            return OperationResult.failed(NO_KNOWN_CLIENT, "Nothing was changed: " + e.getMessage());
        }
        if (link.isEmpty()) {
            return vanished(adapter, verb, "before dhcp-lease could " + verb + " it; nothing was changed");
        }
        // detected afresh under this run's lock: another run may have changed the client since the inventory
        ManagerDetector.Scan scan = detector.scan(early);
        Optional<Detection> client = detect(scan, link.get());
        known.put(adapter.name(), client);
        removeIfStale(scan, adapter.name(), false);
        if (client.isEmpty()) {
            return noClient(adapter, verb, scan);
        }
        OperationResult r = action.apply(ClientDrivers.forKind(client.get().kind(), host), adapter.name(), client.get(),
                early);
        if (r.ok() && verb.equals("release") && !staticAddresses(link.get()).isEmpty()) {
            noteStaticAddresses(link.get());
        }
        if (!r.ok()) {
            try {
                if (inventory.link(adapter.name(), Deadline.after(Duration.ofMillis(Math.max(200,
                        deadline.remainingMillis())))).isEmpty()) {
                    return vanished(adapter, verb, "while dhcp-lease was " + (verb.equals("renew") ? "renewing"
                            : "releasing") + " its lease (the client said: " + r.message() + ")");
                }
            } catch (LeaseException e) {
                // the driver's own account stands
            }
        }
        return r;
    }

    private static OperationResult vanished(NetworkAdapter adapter, String verb, String when) {
        return OperationResult.failed(NO_KNOWN_CLIENT, adapter.label() + " disappeared " + when + ": it is no longer"
                + " among the interfaces ('ip link'); it was deleted or renamed. Find out what removed it, then " + verb
                + " the interface as it is now.");
    }

    private Optional<Detection> detect(ManagerDetector.Scan scan, Link l) throws InterruptedException {
        return detector.detect(scan, l.name(), l.index(), l.hasDynamicAddress(), staticAddresses(l));
    }

    private static List<String> staticAddresses(Link l) {
        return l.addresses().stream().filter(a -> !a.dynamic() && !a.address().startsWith("169.254."))
                .map(LinkAddress::address).toList();
    }

    /** Notes in a release record the static addresses the interface had when released (see staleness). */
    private void noteStaticAddresses(Link l) {
        host.state().release(l.name(), host.netns()).filter(r -> r.staticAddresses().isEmpty())
                .ifPresent(r -> {
                    try {
                        host.state().saveRelease(l.name(), r.withStaticAddresses(staticAddresses(l)));
                    } catch (IOException e) {
                        log.line(l.name() + ": could not note its static addresses in " + host.state().releaseFile(
                                l.name()) + " (" + e.getMessage() + ")");
                    }
                });
    }

    /**
     * Start of a run that changes things: release records that no longer describe their interface go, and the log
     * says so. Each only under that interface's lock, taken if free: a record another run holds the lock for is that
     * run's business.
     */
    private void reconcile(ManagerDetector.Scan scan, List<Link> links, Set<String> names) throws InterruptedException {
        for (Link l : links) {
            removeIfStale(scan, l.name(), true);
        }
        for (String ifname : host.state().releasedInterfaces()) {
            if (!names.contains(ifname)) {
                host.state().release(ifname, host.netns()).ifPresent(r -> {
                    ManagerDetector.StaleRecord stale = new ManagerDetector.StaleRecord(r, "the interface no longer exists");
                    remove(ifname, stale, true);
                });
            }
        }
    }

    private void removeIfStale(ManagerDetector.Scan scan, String ifname, boolean lock) {
        scan.staleRecord(ifname).ifPresent(stale -> remove(ifname, stale, lock));
    }

    private void remove(String ifname, ManagerDetector.StaleRecord stale, boolean lock) {
        Optional<InterfaceLock> l = Optional.empty();
        try {
            if (lock) {
                l = host.state().lockIfFree(ifname, "dhcp-lease in process " + ProcessHandle.current().pid()
                        + " (tidying a stale record)");
                if (l.isEmpty()) {
                    return;
                }
            }
            // only the record judged: a run that held the lock meanwhile may have written a new one
            if (host.state().release(ifname, host.netns()).filter(stale.record()::equals).isPresent()) {
                host.state().clearRelease(ifname);
                log.line(ifname + ": removed dhcp-lease's release record " + host.state().releaseFile(ifname)
                        + " (" + stale.record().kind().toolName() + " stopped at " + stale.record().releasedAt()
                        + "): " + stale.reason() + ", so it no longer describes the interface");
            }
        } catch (IOException e) {
            log.line(ifname + ": could not tidy the stale release record " + host.state().releaseFile(ifname) + " ("
                    + e.getMessage() + "); it is ignored");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            l.ifPresent(InterfaceLock::close);
        }
    }

    private Deadline deadline() {
        Deadline d = runDeadline;
        return d != null && !d.expired() ? d : Deadline.after(ManagerDetector.LISTING);
    }

    /**
     * The deadline the client's commands are killed at: a little before the engine's, so that the driver's own
     * account (what was killed, what state the client is left in) reaches the engine before it stops waiting.
     */
    static Deadline early(Deadline deadline) {
        long left = deadline.remainingMillis();
        return Deadline.after(Duration.ofMillis(left - Math.min(KILL_MARGIN_MILLIS, left / 2)));
    }

    private OperationResult noClient(NetworkAdapter adapter, String verb, ManagerDetector.Scan scan) {
        String seen = ManagerDetector.describeClients(scan);
        List<String> distrusted = scan.distrusted(adapter.name());
        String why = distrusted.isEmpty() ? "" : " Not believed (docs/linux.md, \"Trust rules\"): "
                + String.join("; ", distrusted) + "; nothing of it was run.";
        return OperationResult.failed(NO_KNOWN_CLIENT, "Nothing was changed: dhcp-lease cannot " + verb + " the lease"
                + " of " + adapter.label() + " because no trusted DHCP client it knows manages it (" + seen
                + "; no release record in " + host.state().dir() + ")." + why + " dhcp-lease never starts a DHCP"
                + " client of its own. Configure the interface with NetworkManager, systemd-networkd, dhclient, dhcpcd"
                + " or udhcpc run by root from a root-owned system binary, or " + verb + " it with the tool that set"
                + " its address.");
    }

    private String whoAmI() {
        String user = System.getProperty("user.name", "?");
        try {
            for (String line : Files.readAllLines(host.file("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return "uid " + line.substring(4).trim().split("\\s+")[1] + " (" + user + ")";
                }
            }
        } catch (IOException | RuntimeException e) {
            // the name alone
        }
        return user;
    }

    /** @param unknownManager what to show as the manager when the client cannot be told (null: it was detected) */
    private NetworkAdapter adapter(Link l, Optional<Detection> client, String unknownManager) {
        boolean udhcpcRuns = client.filter(d -> d.kind() == ClientKind.UDHCPC && d.running()).isPresent();
        List<Ipv4Address> addresses = new ArrayList<>();
        for (LinkAddress a : l.addresses()) {
            addresses.add(new Ipv4Address(a.address(), a.prefixLength(), origin(a, udhcpcRuns), state(a)));
        }
        boolean dhcp = client.isPresent() || l.hasDynamicAddress();
        // a released lease stays in the client's records: show lease details only while its address is held
        boolean holdsLease = addresses.stream().anyMatch(a -> a.origin() == AddressOrigin.DHCP);
        LeaseInfo lease = client.filter(d -> holdsLease)
                .map(d -> ClientDrivers.forKind(d.kind(), host).lease(l.name(), l.index(), d))
                .orElse(LeaseInfo.NONE);
        return new NetworkAdapter(l.name(), l.index(), l.name(), l.kind(), l.mac(), type(l), l.up(), dhcp, addresses,
                l.gateways(), lease.server(), lease.obtained(), lease.expires(),
                client.map(d -> d.kind().toolName()).orElse(unknownManager));
    }

    /**
     * A finite lifetime marks what a DHCP client set; udhcpc's scripts set addresses without one, so while a udhcpc
     * daemon manages the interface its addresses count as DHCP.
     */
    static AddressOrigin origin(LinkAddress a, boolean udhcpcRuns) {
        if (a.address().startsWith("169.254.")) {
            return AddressOrigin.LINK_LOCAL;
        }
        return a.dynamic() || udhcpcRuns ? AddressOrigin.DHCP : AddressOrigin.MANUAL;
    }

    static AddressState state(LinkAddress a) {
        if (a.dadFailed()) {
            return AddressState.OTHER;
        }
        return a.tentative() ? AddressState.TENTATIVE : AddressState.USABLE;
    }

    private String type(Link l) {
        if ("veth".equals(l.kind())) {
            return "veth";
        }
        if (TUNNEL_KINDS.contains(l.kind()) || "none".equals(l.linkType())) {
            return "tunnel";
        }
        if (host.sameNamespaceAsJvm() && Files.isDirectory(host.file("/sys/class/net/" + l.name() + "/wireless"))) {
            return "wifi";
        }
        return "ether".equals(l.linkType()) && l.kind().isEmpty() ? "ethernet" : "other";
    }
}
