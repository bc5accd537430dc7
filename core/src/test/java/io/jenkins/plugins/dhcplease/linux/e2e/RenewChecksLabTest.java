package io.jenkins.plugins.dhcplease.linux.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.dhcplease.linux.detect.ClientKind;
import io.jenkins.plugins.dhcplease.linux.testbed.EngineInNamespace;
import io.jenkins.plugins.dhcplease.linux.testbed.ServerLease;
import io.jenkins.plugins.dhcplease.linux.testbed.Sh;
import io.jenkins.plugins.dhcplease.linux.testbed.TcpListenerInNamespace;
import io.jenkins.plugins.dhcplease.linux.testbed.Testbed;
import io.jenkins.plugins.dhcplease.linux.testbed.TestbedExtension;
import io.jenkins.plugins.dhcplease.model.CheckResult;
import io.jenkins.plugins.dhcplease.model.LeaseAction;
import io.jenkins.plugins.dhcplease.model.LeaseOutcome;
import io.jenkins.plugins.dhcplease.model.LeaseRequest;
import io.jenkins.plugins.dhcplease.model.OutcomeLine;
import io.jenkins.plugins.dhcplease.model.OutcomeStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * expect and verify in the lab: dnsmasq reserves {@link Testbed#RESERVED_ADDRESS} for the client's MAC and is the
 * router; the engine with the real checks runs in a JVM inside the lab namespace (as the agent's job process does,
 * the request and report as JSON). Every connection stays between the lab's two namespaces.
 */
class RenewChecksLabTest {

    @RegisterExtension
    final TestbedExtension testbed = new TestbedExtension(Testbed.Second.NONE);

    private Testbed lab;

    private LeaseOutcome renew(boolean releaseFirst, String expect, String... verify) {
        return renew(Duration.ofSeconds(15), releaseFirst, expect, verify);
    }

    private LeaseOutcome renew(Duration timeout, boolean releaseFirst, String expect, String... verify) {
        LeaseRequest request = LeaseRequest.builder(releaseFirst ? LeaseAction.RELEASE_THEN_RENEW : LeaseAction.RENEW)
                .selector(lab.clientInterface()).timeout(timeout).expect(expect).verify(List.of(verify))
                .build();
        Sh.Result r = EngineInNamespace.run(lab, request);
        List<LeaseOutcome> outcomes = EngineInNamespace.report(r).outcomes();
        assertEquals(1, outcomes.size(), r.out() + r.err());
        assertEquals(outcomes.get(0).status().ok() ? 0 : 1, r.code(), r.err());
        return outcomes.get(0);
    }

    private ServerLease serverLease() {
        return lab.serverLease(Testbed.CLIENT_MAC).orElseThrow(() -> new AssertionError(lab.serverLeaseFile()));
    }

    /** The client holds a dynamic lease; then the server gets the reservation and names {@code router}. */
    private void reservedLab(String router) {
        lab = testbed.testbed();
        lab.startClient(ClientKind.DHCPCD);
        assertNotEquals(Testbed.RESERVED_ADDRESS, lab.clientAddress(lab.clientInterface()).orElseThrow());
        lab.reserveAndRoute(router);
    }

    private void reservedLab() {
        reservedLab(Testbed.SERVER_ADDRESS);
    }

    @Test
    void theReservedAddressPassesAndAnotherNetworkFailsLeavingTheLeaseInPlace() {
        reservedLab();

        LeaseOutcome reserved = renew(true, Testbed.RESERVED_ADDRESS);

        assertEquals(OutcomeStatus.RENEWED, reserved.status(), reserved + "\n" + lab.serverLog());
        assertEquals(Testbed.RESERVED_ADDRESS, reserved.addressAfter());
        assertEquals("expect " + Testbed.RESERVED_ADDRESS + " passed (0 ms)", reserved.checks().get(0).brief());
        assertEquals(Optional.of(Testbed.RESERVED_ADDRESS), lab.clientAddress(lab.clientInterface()));
        assertEquals(Testbed.RESERVED_ADDRESS, serverLease().ip());

        LeaseOutcome wrong = renew(false, "10.20.0.0/24");

        assertEquals(OutcomeStatus.FAILED, wrong.status());
        assertTrue(wrong.message().startsWith("got " + Testbed.RESERVED_ADDRESS + " from " + Testbed.SERVER_ADDRESS
                + ", expected 10.20.0.0/24; the lease was left as it is."), wrong.message());
        assertEquals(Optional.of(Testbed.RESERVED_ADDRESS), lab.clientAddress(lab.clientInterface()),
                "the client keeps its address");
        ServerLease kept = serverLease();
        assertEquals(Testbed.RESERVED_ADDRESS, kept.ip(), "the server keeps the lease:\n" + lab.serverLeaseFile());
        assertTrue(kept.expiry() > System.currentTimeMillis() / 1000, "and it is current");
    }

    @Test
    void theGatewayAndAListenerInTheServerNamespaceAnswerAndAClosedPortFails() throws Exception {
        reservedLab();
        int closed;
        try (TcpListenerInNamespace listener = TcpListenerInNamespace.start(lab.serverNamespace(), Testbed.SERVER_ADDRESS)) {
            String tcp = "tcp:" + Testbed.SERVER_ADDRESS + ":" + listener.port();

            LeaseOutcome o = renew(true, "198.18.0.0/24", "gateway", tcp);

            assertEquals(OutcomeStatus.RENEWED, o.status(), o + "\n" + lab.serverLog());
            assertEquals(List.of("expect 198.18.0.0/24", "gateway", tcp), o.checks().stream().map(CheckResult::check).toList());
            assertTrue(o.checks().stream().allMatch(CheckResult::passed), o.checks().toString());
            assertEquals("the gateway " + Testbed.SERVER_ADDRESS + " answered (it refused TCP port 53) from "
                    + Testbed.RESERVED_ADDRESS, o.checks().get(1).detail(), "dnsmasq runs with --port=0: 53 is closed");
            assertEquals(List.of(Testbed.RESERVED_ADDRESS), listener.peers(2_000),
                    "the connection came from the renewed address");
            assertTrue(OutcomeLine.format(o).contains("; checks: expect 198.18.0.0/24 passed (0 ms), gateway passed ("),
                    OutcomeLine.format(o));
            closed = listener.port();
        }

        String tcp = "tcp:" + Testbed.SERVER_ADDRESS + ":" + closed;
        LeaseOutcome refused = renew(false, null, tcp);

        assertEquals(OutcomeStatus.FAILED, refused.status());
        assertEquals("renewed to " + Testbed.RESERVED_ADDRESS + ", but check " + tcp + " failed: " + Testbed.SERVER_ADDRESS
                + ":" + closed + " refused the connection from " + Testbed.RESERVED_ADDRESS + ": nothing listens there,"
                + " or a firewall rejects it", refused.message());
        assertEquals(Optional.of(Testbed.RESERVED_ADDRESS), lab.clientAddress(lab.clientInterface()));
        assertEquals(Testbed.RESERVED_ADDRESS, serverLease().ip());
    }

    @Test
    void aSilentGatewayAndASilentHostTimeOutInsideTheDeadline() {
        reservedLab(Testbed.SILENT_ADDRESS);
        lab.addSilentHost();
        Duration timeout = Duration.ofSeconds(4);

        LeaseOutcome gateway = renew(timeout, true, null, "gateway");

        assertEquals(OutcomeStatus.FAILED, gateway.status(), gateway.toString());
        CheckResult g = gateway.checks().get(0);
        assertEquals(CheckResult.Result.TIMED_OUT, g.result(), g.toString());
        assertTrue(g.detail().startsWith("no answer from the gateway " + Testbed.SILENT_ADDRESS + ":53 to "
                + Testbed.RESERVED_ADDRESS + " by the deadline") || g.detail().startsWith("no answer within the "), g.detail());
        assertTrue(gateway.elapsedMillis() <= timeout.toMillis() + 500, "inside the deadline: " + gateway.elapsedMillis());
        assertEquals(Optional.of(Testbed.RESERVED_ADDRESS), lab.clientAddress(lab.clientInterface()), "the lease stays");

        LeaseOutcome tcp = renew(timeout, false, null, "tcp:" + Testbed.SILENT_ADDRESS + ":80");

        assertEquals(OutcomeStatus.FAILED, tcp.status());
        assertEquals(CheckResult.Result.TIMED_OUT, tcp.checks().get(0).result());
        assertTrue(tcp.message().startsWith("renewed to " + Testbed.RESERVED_ADDRESS + ", but check tcp:"
                + Testbed.SILENT_ADDRESS + ":80 timed out: "), tcp.message());
        assertTrue(tcp.elapsedMillis() <= timeout.toMillis() + 500, "inside the deadline: " + tcp.elapsedMillis());
        assertEquals(Testbed.RESERVED_ADDRESS, serverLease().ip());
    }
}
