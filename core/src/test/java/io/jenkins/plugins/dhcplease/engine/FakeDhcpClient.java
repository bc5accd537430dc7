package io.jenkins.plugins.dhcplease.engine;

import io.jenkins.plugins.dhcplease.model.AddressOrigin;
import io.jenkins.plugins.dhcplease.model.AddressState;
import io.jenkins.plugins.dhcplease.model.Ipv4Address;
import io.jenkins.plugins.dhcplease.model.LeaseException;
import io.jenkins.plugins.dhcplease.model.NetworkAdapter;
import io.jenkins.plugins.dhcplease.model.TcpConnection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-memory OS for engine rules: release and renew really change what the inventory shows next. */
public final class FakeDhcpClient implements DhcpClient {
    private final Map<String, NetworkAdapter> adapters = new ConcurrentHashMap<>();
    private final List<String> order = new ArrayList<>();
    public final AtomicInteger releases = new AtomicInteger();
    public final AtomicInteger renews = new AtomicInteger();
    public volatile boolean synchronous = true;
    public volatile int failCode;
    public volatile long blockMillis;
    public volatile boolean apipaOnRenew;
    public volatile boolean renewKeepsLease;
    /** Renews stop and restart the client (dhclient): for the safety rules they count as a release. */
    public volatile boolean renewRestartsClient;
    /** What {@link #connectionsOf} lists for any process; null: it cannot list them. */
    public volatile List<TcpConnection> connections = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The state the renewed address gets (a failed duplicate address detection: OTHER). */
    public volatile AddressState renewedState = AddressState.USABLE;
    public volatile long effectDelayMillis;
    private final AtomicInteger nextHost = new AtomicInteger(50);

    public static NetworkAdapter dhcp(String name, int index, String mac, String address) {
        Instant obtained = Instant.parse("2026-11-25T08:00:00Z");
        return new NetworkAdapter("{" + name + "}", index, name, name + " adapter", mac, "ethernet", true, true,
                List.of(new Ipv4Address(address, 24, AddressOrigin.DHCP, AddressState.USABLE)), List.of("10.0.0.1"),
                "10.0.0.1", obtained, obtained.plusSeconds(3600), "fake");
    }

    public static NetworkAdapter fixed(String name, int index, String mac, String address) {
        return new NetworkAdapter("{" + name + "}", index, name, name + " adapter", mac, "ethernet", true, false,
                List.of(new Ipv4Address(address, 24, AddressOrigin.MANUAL, AddressState.USABLE)), List.of(), null, null,
                null, null);
    }

    public FakeDhcpClient with(NetworkAdapter a) {
        adapters.put(a.id(), a);
        order.add(a.id());
        return this;
    }

    public NetworkAdapter get(String name) {
        return adapters.get("{" + name + "}");
    }

    @Override
    public List<NetworkAdapter> adapters() {
        return order.stream().map(adapters::get).toList();
    }

    @Override
    public boolean renewConfirmedOnReturn() {
        return synchronous;
    }

    @Override
    public List<TcpConnection> connectionsOf(long pid) throws LeaseException {
        if (connections == null) {
            throw new LeaseException(LeaseException.Kind.UNSUPPORTED, "no /proc here");
        }
        return List.copyOf(connections);
    }

    @Override
    public boolean renewInterruptsAddress(NetworkAdapter adapter) {
        return renewRestartsClient;
    }

    @Override
    public OperationResult release(NetworkAdapter a, Deadline deadline) throws InterruptedException {
        releases.incrementAndGet();
        Thread.sleep(blockMillis);
        if (failCode != 0) {
            return OperationResult.failed(failCode, "fake failure " + failCode);
        }
        later(() -> adapters.computeIfPresent(a.id(), (k, v) -> copy(v, List.of(), null, null)));
        return OperationResult.OK;
    }

    @Override
    public OperationResult renew(NetworkAdapter a, Deadline deadline) throws InterruptedException {
        renews.incrementAndGet();
        Thread.sleep(blockMillis);
        if (failCode != 0) {
            return OperationResult.failed(failCode, "fake failure " + failCode);
        }
        later(() -> adapters.computeIfPresent(a.id(), (k, v) -> {
            if (apipaOnRenew) {
                return copy(v, List.of(new Ipv4Address("169.254.7.7", 16, AddressOrigin.LINK_LOCAL, AddressState.USABLE)), null, null);
            }
            if (renewKeepsLease) {
                return v;
            }
            Instant now = Instant.now();
            String address = v.hasDhcpAddress() ? v.primaryAddress() : "10.0.0." + nextHost.getAndIncrement();
            List<Ipv4Address> kept = v.addresses().stream().filter(ad -> ad.origin() != AddressOrigin.DHCP).toList();
            List<Ipv4Address> now4 = new ArrayList<>(kept);
            now4.add(new Ipv4Address(address, 24, AddressOrigin.DHCP, renewedState));
            return copy(v, now4, "10.0.0.1", now);
        }));
        return OperationResult.OK;
    }

    private void later(Runnable effect) {
        if (effectDelayMillis == 0) {
            effect.run();
            return;
        }
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(effectDelayMillis);
            } catch (InterruptedException e) {
                return;
            }
            effect.run();
        });
        t.setDaemon(true);
        t.start();
    }

    private static NetworkAdapter copy(NetworkAdapter v, List<Ipv4Address> addresses, String server, Instant obtained) {
        return new NetworkAdapter(v.id(), v.index(), v.name(), v.description(), v.mac(), v.type(), v.up(), v.dhcpEnabled(),
                addresses, v.gateways(), server, obtained, obtained == null ? null : obtained.plusSeconds(3600), v.manager());
    }
}
