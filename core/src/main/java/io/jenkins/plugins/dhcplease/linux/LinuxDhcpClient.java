package io.jenkins.plugins.dhcplease.linux;

import io.jenkins.plugins.dhcplease.engine.Deadline;
import io.jenkins.plugins.dhcplease.engine.DhcpClient;
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
import java.util.Optional;
import java.util.Set;

/**
 * The Linux backend: the inventory comes from iproute2, the lease is driven through whatever DHCP client manages the
 * interface (NetworkManager, systemd-networkd, dhclient, dhcpcd, udhcpc). Interface name = adapter id = name.
 */
public final class LinuxDhcpClient implements DhcpClient {

    /** Code of a release/renew on an interface whose DHCP client is unknown or absent. */
    public static final int NO_KNOWN_CLIENT = 2;
    private static final long KILL_MARGIN_MILLIS = 300;
    private static final Set<String> TUNNEL_KINDS = Set.of("tun", "wireguard", "ipip", "gre", "sit", "vti", "ip6tnl");

    private final LinuxHost host;
    private final IpInventory inventory;
    private final ManagerDetector detector;

    public LinuxDhcpClient(LinuxHost host) {
        this.host = host;
        this.inventory = new IpInventory(host.runner());
        this.detector = new ManagerDetector(host);
    }

    public static DhcpClient create() throws LeaseException {
        return new LinuxDhcpClient(LinuxHost.local());
    }

    @Override
    public List<NetworkAdapter> adapters() throws LeaseException {
        try {
            List<Link> links = inventory.links();
            ManagerDetector.Scan scan = detector.scan();
            List<NetworkAdapter> result = new ArrayList<>();
            for (Link l : links) {
                if (!l.loopback()) {
                    result.add(adapter(l, detector.detect(scan, l.name(), l.index(), l.hasDynamicAddress())));
                }
            }
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LeaseException(LeaseException.Kind.INVENTORY_FAILED, "Interrupted while listing the network"
                    + " interfaces; nothing was changed.", 0, e);
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
        Optional<Detection> client = clientOf(adapter);
        if (client.isEmpty()) {
            return noClient(adapter, verb);
        }
        return action.apply(ClientDrivers.forKind(client.get().kind(), host), adapter.name(), client.get(), early(deadline));
    }

    /**
     * The deadline the client's commands are killed at: a little before the engine's, so that the driver's own
     * account (what was killed, what state the client is left in) reaches the engine before it stops waiting.
     */
    static Deadline early(Deadline deadline) {
        long left = deadline.remainingMillis();
        return Deadline.after(Duration.ofMillis(left - Math.min(KILL_MARGIN_MILLIS, left / 2)));
    }

    private Optional<Detection> clientOf(NetworkAdapter adapter) throws InterruptedException {
        boolean dynamic = adapter.addresses().stream().anyMatch(a -> a.origin() == AddressOrigin.DHCP);
        return detector.detect(detector.scan(), adapter.name(), adapter.index(), dynamic);
    }

    private OperationResult noClient(NetworkAdapter adapter, String verb) {
        String seen = ManagerDetector.describeClients(detector.scan());
        return OperationResult.failed(NO_KNOWN_CLIENT, "Nothing was changed: dhcp-lease cannot " + verb + " the lease"
                + " of " + adapter.label() + " because no DHCP client it knows manages it (" + seen + "; no release"
                + " record in " + host.state().dir() + "). dhcp-lease never starts a DHCP client of its own. Configure"
                + " the interface with NetworkManager, systemd-networkd, dhclient, dhcpcd or udhcpc, or "
                + verb + " it with the tool that set its address.");
    }

    private NetworkAdapter adapter(Link l, Optional<Detection> client) {
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
                client.map(d -> d.kind().toolName()).orElse(null));
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
