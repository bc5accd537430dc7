package io.jenkins.plugins.dhcplease.linux.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.dhcplease.engine.LeaseEngine;
import io.jenkins.plugins.dhcplease.linux.LinuxDhcpClient;
import io.jenkins.plugins.dhcplease.linux.detect.ClientKind;
import io.jenkins.plugins.dhcplease.linux.testbed.AddressMonitor;
import io.jenkins.plugins.dhcplease.linux.testbed.ManagerLab;
import io.jenkins.plugins.dhcplease.linux.testbed.ServerLease;
import io.jenkins.plugins.dhcplease.linux.testbed.Testbed;
import io.jenkins.plugins.dhcplease.linux.testbed.TestbedExtension;
import io.jenkins.plugins.dhcplease.model.LeaseAction;
import io.jenkins.plugins.dhcplease.model.LeaseOutcome;
import io.jenkins.plugins.dhcplease.model.LeaseReport;
import io.jenkins.plugins.dhcplease.model.LeaseRequest;
import io.jenkins.plugins.dhcplease.model.NetworkAdapter;
import io.jenkins.plugins.dhcplease.model.OutcomeStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * NetworkManager (1.42) and systemd-networkd (252) for real, each in the lab ({@link ManagerLab}) with a DHCP profile on
 * the main interface and a static one on the second: the DHCP one renewed in place; its release (alone or before a
 * renew) refused, since neither tells the server here; the static one never touched, also not by {@code allAdapters}.
 * Both sides are checked: the lab's addresses and dnsmasq's leases.
 */
class ManagerLabTest {

    static final Duration TIMEOUT = Duration.ofSeconds(20);

    @RegisterExtension
    final TestbedExtension testbed = new TestbedExtension(Testbed.Second.STATIC);

    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private ManagerLab manager;

    private Testbed lab() {
        return testbed.testbed();
    }

    private ManagerLab start(ClientKind kind) throws Exception {
        manager = ManagerLab.start(lab(), kind);
        return manager;
    }

    private LeaseReport run(LeaseRequest request) throws Exception {
        return new LeaseEngine(new LinuxDhcpClient(manager.host())).run(request, log::add);
    }

    private LeaseOutcome single(LeaseAction action, String selector) throws Exception {
        LeaseReport r = run(LeaseRequest.builder(action).selector(selector).timeout(TIMEOUT).build());
        assertEquals(1, r.outcomes().size(), r::toString);
        return r.outcomes().get(0);
    }

    private String dhcp() {
        return lab().clientInterface();
    }

    private String fixed() {
        return lab().secondInterface();
    }

    private String context() {
        return "\nlog: " + log + "\n" + manager.log().lines().skip(Math.max(0, manager.log().lines().count() - 30))
                .collect(Collectors.joining("\n")) + "\nserver:\n" + lab().serverLog();
    }

    @ParameterizedTest
    @EnumSource(value = ClientKind.class, names = {"NETWORK_MANAGER", "SYSTEMD_NETWORKD"})
    void theDhcpProfileIsTheManagersAndTheStaticOneIsStatic(ClientKind kind) throws Exception {
        start(kind);

        List<NetworkAdapter> all = new LeaseEngine(new LinuxDhcpClient(manager.host())).inventory();
        NetworkAdapter d = all.stream().filter(a -> a.name().equals(dhcp())).findFirst().orElseThrow();
        NetworkAdapter s = all.stream().filter(a -> a.name().equals(fixed())).findFirst().orElseThrow();
        assertTrue(d.dhcpEnabled(), d::toString);
        assertEquals(kind.toolName(), d.manager());
        assertEquals("198.18.0.1", d.dhcpServer(), d::toString);
        assertFalse(s.dhcpEnabled(), "a static profile is not DHCP: " + s);
        assertEquals(null, s.manager());
    }

    @ParameterizedTest
    @EnumSource(value = ClientKind.class, names = {"NETWORK_MANAGER", "SYSTEMD_NETWORKD"})
    void theStaticProfileIsSkippedByNameAndByAllAdapters(ClientKind kind) throws Exception {
        start(kind);
        List<String> addresses = lab().labAddresses();
        String leases = lab().serverLeaseFile();

        LeaseOutcome byName = single(LeaseAction.RELEASE, fixed());
        assertEquals(OutcomeStatus.SKIPPED, byName.status(), () -> byName + context());
        assertEquals(addresses, lab().labAddresses(), "nothing changed");
        assertEquals(leases, lab().serverLeaseFile());

        int acks = lab().serverAcks(Testbed.CLIENT_MAC);
        LeaseReport every = run(LeaseRequest.builder(LeaseAction.RENEW).selector(lab().id() + "-c*").all(true)
                .timeout(TIMEOUT).build());
        Map<String, LeaseOutcome> out = every.outcomes().stream()
                .collect(Collectors.toMap(LeaseOutcome::adapter, Function.identity()));
        assertEquals(OutcomeStatus.SKIPPED, out.get(fixed()).status(), () -> every + context());
        assertEquals(OutcomeStatus.RENEWED, out.get(dhcp()).status(), () -> every + context());
        assertTrue(lab().serverAcks(Testbed.CLIENT_MAC) > acks);
        assertEquals(Optional.of(Testbed.STATIC_ADDRESS), lab().clientAddress(fixed()));
    }

    @ParameterizedTest
    @EnumSource(value = ClientKind.class, names = {"NETWORK_MANAGER", "SYSTEMD_NETWORKD"})
    void aRenewExtendsTheLeaseWithoutTheAddressEverGoing(ClientKind kind) throws Exception {
        start(kind);
        ServerLease before = lab().serverLease(Testbed.CLIENT_MAC).orElseThrow();
        LeaseEndToEndTest.nextSecond(before);

        LeaseOutcome o;
        try (AddressMonitor monitor = new AddressMonitor(lab().labNamespace())) {
            o = single(LeaseAction.RENEW, dhcp());
            assertFalse(monitor.events().stream().anyMatch(e -> e.deleted() && e.ifname().equals(dhcp())),
                    "the address went during the renew: " + monitor.events());
        }

        assertEquals(OutcomeStatus.RENEWED, o.status(), () -> o + context());
        ServerLease after = lab().serverLease(Testbed.CLIENT_MAC).orElseThrow();
        assertEquals(before.ip(), after.ip());
        assertTrue(after.expiry() > before.expiry(), before + " -> " + after);
        assertEquals(Optional.of(before.ip()), lab().clientAddress(dhcp()));
    }

    @ParameterizedTest
    @EnumSource(value = ClientKind.class, names = {"NETWORK_MANAGER"})
    void aDeviceDisconnectedByHandIsStillDhcpAndARenewConnectsIt(ClientKind kind) throws Exception {
        start(kind);
        manager.run("nmcli", "device", "disconnect", dhcp());
        assertEquals(Optional.empty(), lab().clientAddress(dhcp()));

        LeaseOutcome o = single(LeaseAction.RENEW, dhcp());

        assertEquals(OutcomeStatus.RENEWED, o.status(), () -> o + context());
        String ip = lab().serverLease(Testbed.CLIENT_MAC).orElseThrow().ip();
        assertEquals(Optional.of(ip), lab().clientAddress(dhcp()));
        assertEquals(Optional.of(Testbed.STATIC_ADDRESS), lab().clientAddress(fixed()), "the static one untouched");
    }

    /**
     * Neither can release here: networkd's RELEASE never reaches the server (see NetworkdDriver), and NetworkManager
     * 1.42 has no ipv4.dhcp-send-release and drops the address without one. Both refuse, and nothing changes.
     */
    @ParameterizedTest
    @EnumSource(value = ClientKind.class, names = {"NETWORK_MANAGER", "SYSTEMD_NETWORKD"})
    void aReleaseTheServerWouldNotHearIsRefusedAndNothingChanges(ClientKind kind) throws Exception {
        start(kind);
        List<String> addresses = lab().labAddresses();
        String leases = lab().serverLeaseFile();

        for (LeaseAction action : List.of(LeaseAction.RELEASE, LeaseAction.RELEASE_THEN_RENEW)) {
            LeaseOutcome o = single(action, dhcp());
            assertEquals(OutcomeStatus.FAILED, o.status(), () -> o + context());
            assertEquals(95, o.errorCode());
            assertTrue(o.message().contains("Nothing was changed") && o.message().contains("renew"), o.message());
        }
        assertEquals(addresses, lab().labAddresses());
        assertEquals(leases, lab().serverLeaseFile());
    }
}
