package io.jenkins.plugins.dhcplease.engine;

import io.jenkins.plugins.dhcplease.model.AddressOrigin;
import io.jenkins.plugins.dhcplease.model.AddressState;
import io.jenkins.plugins.dhcplease.model.Ipv4Address;
import io.jenkins.plugins.dhcplease.model.LeaseAction;
import io.jenkins.plugins.dhcplease.model.LeaseException;
import io.jenkins.plugins.dhcplease.model.LeaseOutcome;
import io.jenkins.plugins.dhcplease.model.LeaseReport;
import io.jenkins.plugins.dhcplease.model.LeaseRequest;
import io.jenkins.plugins.dhcplease.model.NetworkAdapter;
import io.jenkins.plugins.dhcplease.model.OutcomeLine;
import io.jenkins.plugins.dhcplease.model.OutcomeStatus;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

import static io.jenkins.plugins.dhcplease.engine.FakeDhcpClient.dhcp;
import static io.jenkins.plugins.dhcplease.engine.FakeDhcpClient.fixed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeaseEngineTest {

    private final FakeDhcpClient os = new FakeDhcpClient()
            .with(dhcp("Ethernet", 4, "00-15-5D-00-00-04", "10.0.0.5"))
            .with(fixed("Ethernet 2", 7, "00-15-5D-00-00-07", "192.168.9.9"));
    private final List<String> log = new CopyOnWriteArrayList<>();

    private LeaseReport run(LeaseRequest.Builder b) throws Exception {
        return engine(AgentConnection.NONE).run(b.build(), log::add);
    }

    private LeaseEngine engine(AgentConnection connection) {
        return new LeaseEngine(os, connection, Duration.ofMillis(5));
    }

    /** The agent's connection runs from {@code address}. */
    private static AgentConnection from(String address) {
        return inventory -> ConnectionFacts.carriedBy(inventory, Set.of(address), "the test's connection from " + address);
    }

    private static LeaseRequest.Builder request(LeaseAction action, String selector) {
        return LeaseRequest.builder(action).selector(selector).timeout(Duration.ofSeconds(5));
    }

    private static LeaseOutcome only(LeaseReport r) {
        assertEquals(1, r.outcomes().size(), r.toString());
        return r.outcomes().get(0);
    }

    @Test
    void releaseRemovesTheDhcpAddressAndReportsBefore() throws Exception {
        LeaseReport r = run(request(LeaseAction.RELEASE, "Ethernet"));
        LeaseOutcome o = only(r);
        assertEquals(OutcomeStatus.RELEASED, o.status());
        assertEquals("10.0.0.5", o.addressBefore());
        assertEquals(null, o.addressAfter());
        assertFalse(os.get("Ethernet").hasDhcpAddress());
        assertTrue(r.ok());
        assertTrue(OutcomeLine.format(o).startsWith("Ethernet (index 4): released 10.0.0.5 (server 10.0.0.1), "), OutcomeLine.format(o));
    }

    @Test
    void renewWaitsForAUsableAddressAndReportsTheNewLease() throws Exception {
        os.synchronous = false;
        os.effectDelayMillis = 100;
        LeaseOutcome o = only(run(request(LeaseAction.RENEW, "index:4")));
        assertEquals(OutcomeStatus.RENEWED, o.status());
        assertEquals("10.0.0.5", o.addressAfter());
        assertNotEquals(FakeDhcpClient.dhcp("x", 0, "", "").leaseObtained(), o.leaseObtained(), "the new lease is reported");
        assertTrue(o.elapsedMillis() >= 100, "waited for the effect: " + o.elapsedMillis());
        String line = OutcomeLine.format(o);
        assertTrue(line.matches("Ethernet \\(index 4\\): renewed 10\\.0\\.0\\.5 → 10\\.0\\.0\\.5 from 10\\.0\\.0\\.1, lease until .*, 0\\.\\d s"), line);
    }

    @Test
    void releaseThenRenewGetsANewAddress() throws Exception {
        LeaseOutcome o = only(run(request(LeaseAction.RELEASE_THEN_RENEW, "mac:00155d000004")));
        assertEquals(OutcomeStatus.RENEWED, o.status());
        assertEquals("10.0.0.5", o.addressBefore());
        assertEquals("10.0.0.50", o.addressAfter());
        assertEquals(1, os.releases.get());
        assertEquals(1, os.renews.get());
        assertTrue(log.stream().anyMatch(l -> l.contains("renewing after the release")), log.toString());
    }

    @Test
    void asynchronousRenewThatNeverChangesTheLeaseTimesOut() throws Exception {
        os.synchronous = false;
        os.renewKeepsLease = true;
        LeaseOutcome o = only(run(request(LeaseAction.RENEW, "Ethernet").timeout(Duration.ofMillis(300))));
        assertEquals(OutcomeStatus.TIMED_OUT, o.status());
        assertTrue(o.message().contains("the lease on record did not change"), o.message());
    }

    @Test
    void staticAdapterIsSkippedAndAnAllSkippedReportIsNotOk() throws Exception {
        LeaseReport r = run(request(LeaseAction.RENEW, "Ethernet 2"));
        LeaseOutcome o = only(r);
        assertEquals(OutcomeStatus.SKIPPED, o.status());
        assertTrue(o.message().contains("DHCP is not enabled") && o.message().contains("192.168.9.9"), o.message());
        assertEquals(0, os.renews.get());
        assertFalse(r.ok(), "nothing was done");
    }

    @Test
    void downAdapterIsSkipped() throws Exception {
        NetworkAdapter up = dhcp("Wi-Fi", 9, "00-15-5D-00-00-09", "10.1.0.5");
        os.with(new NetworkAdapter(up.id(), up.index(), up.name(), up.description(), up.mac(), up.type(), false, true,
                up.addresses(), up.gateways(), up.dhcpServer(), up.leaseObtained(), up.leaseExpires(), up.manager()));
        LeaseOutcome o = only(run(request(LeaseAction.RENEW, "Wi-Fi")));
        assertEquals(OutcomeStatus.SKIPPED, o.status());
        assertTrue(o.message().contains("down"), o.message());
    }

    @Test
    void allMatchesActsOnDhcpAndSkipsStatic() throws Exception {
        LeaseReport r = run(request(LeaseAction.RENEW, "Ethernet*").all(true));
        assertEquals(List.of(OutcomeStatus.RENEWED, OutcomeStatus.SKIPPED), r.outcomes().stream().map(LeaseOutcome::status).toList());
        assertTrue(r.ok());
    }

    @Test
    void dryRunTouchesNothing() throws Exception {
        LeaseReport r = run(request(LeaseAction.RELEASE_THEN_RENEW, "Ethernet*").all(true).dryRun(true));
        assertEquals(OutcomeStatus.DRY_RUN, r.outcomes().get(0).status());
        assertTrue(r.outcomes().get(0).message().startsWith("would release and renew 10.0.0.5 from 10.0.0.1"), r.outcomes().get(0).message());
        assertEquals(0, os.releases.get() + os.renews.get());
        assertTrue(os.get("Ethernet").hasDhcpAddress());
    }

    @Test
    void failingCallIsReportedWithItsCodeAndMessage() throws Exception {
        os.failCode = 5;
        LeaseReport r = run(request(LeaseAction.RENEW, "Ethernet"));
        LeaseOutcome o = only(r);
        assertEquals(OutcomeStatus.FAILED, o.status());
        assertEquals(5, o.errorCode());
        assertEquals("fake failure 5", o.message());
        assertFalse(r.ok());
        assertTrue(OutcomeLine.format(o).contains("failed (error 5): fake failure 5"), OutcomeLine.format(o));
    }

    @Test
    void blockingRenewPastTheDeadlineTimesOutWithoutWaitingForTheCall() throws Exception {
        os.blockMillis = 5_000;
        long t0 = System.nanoTime();
        LeaseOutcome o = only(run(request(LeaseAction.RENEW, "Ethernet").timeout(Duration.ofMillis(300))));
        long took = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(OutcomeStatus.TIMED_OUT, o.status());
        assertTrue(o.message().contains("still running in the OS"), o.message());
        assertTrue(took < 2_000, "returned at the deadline, not after the call: " + took + " ms");
    }

    @Test
    void apipaAfterRenewIsAFailureNamingTheAddress() throws Exception {
        os.apipaOnRenew = true;
        long t0 = System.nanoTime();
        LeaseOutcome o = only(run(request(LeaseAction.RELEASE_THEN_RENEW, "Ethernet")));
        assertEquals(OutcomeStatus.FAILED, o.status());
        assertTrue(o.message().contains("169.254.7.7") && o.message().contains("no DHCP server answered"), o.message());
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 2_000, "a synchronous renew's APIPA answer is final: no wait for the deadline");
    }

    @Test
    void renewedAddressThatFailedDuplicateDetectionIsAFailureNotAWait() throws Exception {
        os.synchronous = false;
        os.renewedState = AddressState.OTHER;
        LeaseOutcome o = only(run(request(LeaseAction.RELEASE_THEN_RENEW, "Ethernet").timeout(Duration.ofMillis(300))));
        assertEquals(OutcomeStatus.FAILED, o.status());
        assertTrue(o.message().contains("10.0.0.50 is not usable") && o.message().contains("another host uses it"),
                o.message());
    }

    @Test
    void aTentativeStaticAddressIsNotBlamedForAMissingDhcpAnswer() throws Exception {
        NetworkAdapter e = os.get("Ethernet");
        FakeDhcpClient withStatic = new FakeDhcpClient().with(new NetworkAdapter(e.id(), e.index(), e.name(),
                e.description(), e.mac(), e.type(), true, true, List.of(e.addresses().get(0),
                        new Ipv4Address("192.168.50.5", 24, AddressOrigin.MANUAL, AddressState.TENTATIVE)),
                e.gateways(), e.dhcpServer(), e.leaseObtained(), e.leaseExpires(), e.manager()));
        withStatic.synchronous = false;
        withStatic.renewKeepsLease = true;
        LeaseOutcome o = only(new LeaseEngine(withStatic, AgentConnection.NONE, Duration.ofMillis(5))
                .run(request(LeaseAction.RENEW, "Ethernet").timeout(Duration.ofMillis(300)).build(), log::add));
        assertEquals(OutcomeStatus.TIMED_OUT, o.status());
        assertTrue(o.message().startsWith("no usable DHCP address by the deadline"), o.message());
    }

    @Test
    void aReleaseWhenTheConnectionCannotBeToldIsRefusedButAReleaseThenRenewRuns() throws Exception {
        LeaseEngine engine = engine(inventory -> ConnectionFacts.unknown("the test cannot tell"));
        LeaseException e = assertThrows(LeaseException.class,
                () -> engine.run(request(LeaseAction.RELEASE, "Ethernet").build(), log::add));
        assertEquals(LeaseException.Kind.REFUSED, e.kind());
        assertTrue(e.getMessage().startsWith("Cannot tell which adapter carries this agent's connection (the test cannot"
                + " tell)"), e.getMessage());
        assertEquals(0, os.releases.get());
        assertTrue(os.get("Ethernet").hasDhcpAddress());

        assertEquals(OutcomeStatus.RENEWED, only(engine.run(request(LeaseAction.RELEASE_THEN_RENEW, "Ethernet").build(),
                log::add)).status());
        assertEquals(OutcomeStatus.RELEASED, only(engine.run(request(LeaseAction.RELEASE, "Ethernet")
                .allowAgentDisconnect(true).build(), log::add)).status());
    }

    @Test
    void aRestartStyleRenewOfTheCarryingAdapterCountsAsARelease() throws Exception {
        os.renewRestartsClient = true;
        LeaseEngine engine = engine(from("10.0.0.5"));
        LeaseException e = assertThrows(LeaseException.class,
                () -> engine.run(request(LeaseAction.RENEW, "Ethernet").build(), log::add));
        assertEquals(LeaseException.Kind.REFUSED, e.kind());
        assertTrue(e.getMessage().contains("restarts its DHCP client"), e.getMessage());
        assertEquals(0, os.renews.get());
        assertEquals(OutcomeStatus.RENEWED, only(engine.run(request(LeaseAction.RELEASE_THEN_RENEW, "Ethernet").build(),
                log::add)).status());
    }

    @Test
    void releaseOfTheAdapterCarryingTheAgentConnectionIsRefusedAndNothingChanges() {
        LeaseEngine engine = engine(from("10.0.0.5"));
        LeaseRequest req = request(LeaseAction.RELEASE, "Ethernet").controller("jenkins.example", 50000).build();
        LeaseException e = assertThrows(LeaseException.class, () -> engine.run(req, log::add));
        assertEquals(LeaseException.Kind.REFUSED, e.kind());
        assertTrue(e.getMessage().contains("releaseFirst: true") && e.getMessage().contains("Nothing was changed"), e.getMessage());
        assertEquals(0, os.releases.get());
        assertTrue(os.get("Ethernet").hasDhcpAddress());
    }

    @Test
    void carryingAdapterMayBeReleasedWhenAllowedAndRenewedAlways() throws Exception {
        LeaseEngine engine = engine(from("10.0.0.5"));
        LeaseReport rtr = engine.run(request(LeaseAction.RELEASE_THEN_RENEW, "Ethernet").controller("j", 1).build(), log::add);
        assertEquals(OutcomeStatus.RENEWED, only(rtr).status());
        assertTrue(only(rtr).carriesAgentConnection());
        LeaseReport released = engine.run(request(LeaseAction.RELEASE, "Ethernet").controller("j", 1)
                .allowAgentDisconnect(true).build(), log::add);
        assertEquals(OutcomeStatus.RELEASED, only(released).status());
    }

    @Test
    void unknownSelectorChangesNothing() {
        LeaseException e = assertThrows(LeaseException.class, () -> run(request(LeaseAction.RELEASE, "Token Ring")));
        assertEquals(LeaseException.Kind.NO_MATCH, e.kind());
        assertEquals(0, os.releases.get());
    }

    @Test
    void interruptingTheCallerStopsTheWaitPromptly() throws Exception {
        os.blockMillis = 10_000;
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                run(request(LeaseAction.RENEW, "Ethernet").timeout(Duration.ofSeconds(30)));
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        caller.start();
        while (os.renews.get() == 0) {
            Thread.sleep(5);
        }
        long t0 = System.nanoTime();
        caller.interrupt();
        caller.join(2_000);
        assertFalse(caller.isAlive(), "the engine returned within 2 s of the interrupt");
        assertTrue(thrown.get() instanceof InterruptedException, String.valueOf(thrown.get()));
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 2_000);
    }

    @Test
    void progressIsLoggedPerAdapter() throws Exception {
        run(request(LeaseAction.RELEASE_THEN_RENEW, "Ethernet"));
        assertTrue(log.get(0).startsWith("Ethernet (index 4): releasing 10.0.0.5"), log.toString());
    }

    @Test
    void reportSurvivesThePlainRoundTrip() throws Exception {
        LeaseReport r = run(request(LeaseAction.RELEASE_THEN_RENEW, "Ethernet*").all(true));
        LeaseReport back = LeaseReport.fromPlain(r.toPlain());
        assertEquals(r, back);
        assertNotNull(r.toPlainList().get(0).get("addressAfter"));
    }

    @Test
    void staticAdapterCarryingTheConnectionIsSkippedNotRefused() throws Exception {
        LeaseEngine engine = engine(from("192.168.9.9"));
        LeaseReport r = engine.run(request(LeaseAction.RELEASE, "Ethernet 2").controller("jenkins.example", 443).build(), log::add);
        assertEquals(OutcomeStatus.SKIPPED, only(r).status());
        assertTrue(only(r).carriesAgentConnection());
        assertEquals(0, os.releases.get());
    }
}
