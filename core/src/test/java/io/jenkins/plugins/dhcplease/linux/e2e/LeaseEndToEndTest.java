package io.jenkins.plugins.dhcplease.linux.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.dhcplease.engine.LeaseEngine;
import io.jenkins.plugins.dhcplease.linux.LinuxDhcpClient;
import io.jenkins.plugins.dhcplease.linux.detect.ClientKind;
import io.jenkins.plugins.dhcplease.linux.testbed.ServerLease;
import io.jenkins.plugins.dhcplease.linux.testbed.Testbed;
import io.jenkins.plugins.dhcplease.linux.testbed.TestbedExtension;
import io.jenkins.plugins.dhcplease.model.LeaseAction;
import io.jenkins.plugins.dhcplease.model.LeaseException;
import io.jenkins.plugins.dhcplease.model.LeaseOutcome;
import io.jenkins.plugins.dhcplease.model.LeaseReport;
import io.jenkins.plugins.dhcplease.model.LeaseRequest;
import io.jenkins.plugins.dhcplease.model.NetworkAdapter;
import io.jenkins.plugins.dhcplease.model.OutcomeStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The engine with the Linux backend against a real dnsmasq and a real DHCP client, one testbed per test; every case
 * checks both sides: the client's address (ip) and the server's lease file. One subclass per client.
 */
abstract class LeaseEndToEndTest {

    static final Duration TIMEOUT = Duration.ofSeconds(15);

    final List<String> log = Collections.synchronizedList(new ArrayList<>());

    abstract ClientKind client();

    @RegisterExtension
    final TestbedExtension testbed = new TestbedExtension(Testbed.Second.NONE);

    Testbed lab() {
        return testbed.testbed();
    }

    /** A new backend and engine: what one CLI run or one Jenkins step uses. */
    LeaseEngine engine() {
        return new LeaseEngine(new LinuxDhcpClient(lab().host()));
    }

    LeaseReport run(LeaseAction action, String selector) throws Exception {
        return run(LeaseRequest.builder(action).selector(selector).timeout(TIMEOUT).build());
    }

    LeaseReport run(LeaseRequest request) throws Exception {
        return engine().run(request, log::add);
    }

    LeaseOutcome single(LeaseReport report) {
        assertEquals(1, report.outcomes().size(), () -> "one outcome expected: " + report + "\nlog: " + log);
        return report.outcomes().get(0);
    }

    void assertStatus(OutcomeStatus expected, LeaseOutcome o) {
        assertEquals(expected, o.status(), () -> "outcome: " + o + "\nlog: " + log + "\nserver log:\n" + lab().serverLog());
    }

    String ifname() {
        return lab().clientInterface();
    }

    ServerLease serverLease() {
        return lab().serverLease(Testbed.CLIENT_MAC)
                .orElseThrow(() -> new AssertionError("dnsmasq holds no lease for " + Testbed.CLIENT_MAC + ":\n"
                        + lab().serverLeaseFile()));
    }

    /** dnsmasq writes expiry in whole seconds: wait until a renew now must move it. */
    static void nextSecond(ServerLease granted) throws InterruptedException {
        long grantedAt = granted.expiry() - 120;
        while (System.currentTimeMillis() / 1000 <= grantedAt) {
            Thread.sleep(20);
        }
    }

    @Test
    void inventoryShowsTheLabInterfaceAsDhcp() throws Exception {
        lab().startClient(client());
        NetworkAdapter a = engine().inventory().stream().filter(x -> x.name().equals(ifname())).findFirst()
                .orElseThrow();
        assertEquals(client().toolName(), a.manager());
        assertTrue(a.dhcpEnabled());
        assertEquals("02-00-5E-00-53-01", a.mac());
        assertEquals("veth", a.type());
        assertEquals(lab().clientAddress(ifname()).orElseThrow(), a.usableDhcpAddress().orElseThrow().address());
        assertEquals(a.leaseObtained(), engine().inventory().stream().filter(x -> x.name().equals(ifname()))
                .findFirst().orElseThrow().leaseObtained(), "leaseObtained is stable across reads");
    }

    @Test
    void releaseDropsTheLeaseOnTheServer() throws Exception {
        lab().startClient(client());
        String address = serverLease().ip();

        LeaseOutcome o = single(run(LeaseAction.RELEASE, ifname()));

        assertStatus(OutcomeStatus.RELEASED, o);
        assertEquals(address, o.addressBefore());
        assertEquals(Optional.empty(), lab().serverLease(Testbed.CLIENT_MAC), "dnsmasq still holds the lease");
        assertEquals(Optional.empty(), lab().clientAddress(ifname()), "the client still has an address");
        assertEquals(null, o.leaseExpires(), "lease details of a released lease: " + o);
        NetworkAdapter after = engine().inventory().stream().filter(x -> x.name().equals(ifname())).findFirst().orElseThrow();
        assertTrue(after.dhcpEnabled(), "still DHCP (its client is remembered) so that a renew is not skipped");
        assertEquals(client().toolName(), after.manager());
    }

    @Test
    void renewKeepsTheAddressAndExtendsTheLease() throws Exception {
        lab().startClient(client());
        ServerLease before = serverLease();
        nextSecond(before);

        LeaseOutcome o = single(run(LeaseAction.RENEW, ifname()));

        assertStatus(OutcomeStatus.RENEWED, o);
        ServerLease after = serverLease();
        assertEquals(before.ip(), after.ip(), "the renewed lease has another address");
        assertTrue(after.expiry() > before.expiry(), "the server did not extend the lease: " + before + " -> " + after);
        assertEquals(Optional.of(before.ip()), lab().clientAddress(ifname()));
        assertEquals(before.ip(), o.addressAfter());
        assertNotEquals(o.leaseObtained(), null);
    }

    @Test
    void releaseThenRenewGetsALease() throws Exception {
        lab().startClient(client());
        assertTrue(lab().serverLease(Testbed.CLIENT_MAC).isPresent());
        assertTrue(!lab().serverLog().contains("DHCPRELEASE"));

        LeaseOutcome o = single(run(LeaseAction.RELEASE_THEN_RENEW, ifname()));

        assertStatus(OutcomeStatus.RENEWED, o);
        assertTrue(lab().serverLog().contains("DHCPRELEASE"), "the server saw no RELEASE");
        ServerLease after = serverLease();
        assertEquals(Optional.of(after.ip()), lab().clientAddress(ifname()));
        assertEquals(after.ip(), o.addressAfter());
    }

    @Test
    void releaseThenASeparateRenewGetsTheLeaseBack() throws Exception {
        lab().startClient(client());
        assertStatus(OutcomeStatus.RELEASED, single(run(LeaseAction.RELEASE, ifname())));
        assertEquals(Optional.empty(), lab().serverLease(Testbed.CLIENT_MAC));

        // a new backend and engine, as a second CLI run or a second pipeline step would have
        LeaseOutcome o = single(run(LeaseAction.RENEW, ifname()));

        assertStatus(OutcomeStatus.RENEWED, o);
        ServerLease after = serverLease();
        assertEquals(Optional.of(after.ip()), lab().clientAddress(ifname()));
        assertEquals(after.ip(), o.addressAfter());
    }

    @Test
    void serverStoppedRenewFailsWithinItsDeadline() throws Exception {
        lab().startClient(client());
        lab().stopServer();
        Duration timeout = Duration.ofMillis(1_500);
        long start = System.nanoTime();

        LeaseOutcome o = single(run(LeaseRequest.builder(LeaseAction.RENEW).selector(ifname()).timeout(timeout).build()));

        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(o.status() == OutcomeStatus.TIMED_OUT || o.status() == OutcomeStatus.FAILED, o::toString);
        assertTrue(millis < timeout.toMillis() + 2_500, "took " + millis + " ms for a " + timeout + " deadline");
        assertTrue(o.message() != null && o.message().contains("answered"), "the message should say no server answered: " + o);
    }

    @Test
    void unknownSelectorIsRefusedAndNothingChanges() throws Exception {
        lab().startClient(client());
        String leases = lab().serverLeaseFile();
        List<String> addresses = lab().labAddresses();

        LeaseException e = assertThrows(LeaseException.class, () -> run(LeaseAction.RELEASE, "no-such-adapter*"));

        assertEquals(LeaseException.Kind.NO_MATCH, e.kind());
        assertTrue(e.getMessage().contains(ifname()), "the message should list what exists: " + e.getMessage());
        assertEquals(leases, lab().serverLeaseFile());
        assertEquals(addresses, lab().labAddresses());
    }

    @Test
    void dryRunChangesNothing() throws Exception {
        lab().startClient(client());
        String leases = lab().serverLeaseFile();
        List<String> addresses = lab().labAddresses();

        LeaseOutcome o = single(run(LeaseRequest.builder(LeaseAction.RELEASE_THEN_RENEW).selector(ifname())
                .timeout(TIMEOUT).dryRun(true).build()));

        assertStatus(OutcomeStatus.DRY_RUN, o);
        assertTrue(o.message().contains(serverLease().ip()), o::toString);
        assertEquals(leases, lab().serverLeaseFile());
        assertEquals(addresses, lab().labAddresses());
    }
}
