package io.jenkins.plugins.dhcplease.engine;

import static io.jenkins.plugins.dhcplease.engine.FakeDhcpClient.dhcp;
import static io.jenkins.plugins.dhcplease.engine.FakeDhcpClient.fixed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.dhcplease.model.LeaseAction;
import io.jenkins.plugins.dhcplease.model.LeaseException;
import io.jenkins.plugins.dhcplease.model.LeaseRequest;
import io.jenkins.plugins.dhcplease.model.NetworkAdapter;
import io.jenkins.plugins.dhcplease.model.OutcomeStatus;
import io.jenkins.plugins.dhcplease.model.Terms;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The plan is a pure function of the request, the inventory and what is known of the agent's connection. */
class LeasePlanTest {

    private final NetworkAdapter lab = dhcp("Lab", 4, "00-15-5D-00-00-04", "10.0.0.5");
    private final NetworkAdapter uplink = dhcp("Uplink", 5, "00-15-5D-00-00-05", "10.1.0.5");
    private final NetworkAdapter fixedOne = fixed("Static", 7, "00-15-5D-00-00-07", "192.168.9.9");
    private final List<NetworkAdapter> inventory = List.of(lab, uplink, fixedOne);
    private final ConnectionFacts viaUplink = ConnectionFacts.carriedBy(inventory, Set.of("10.1.0.5"), "a test connection");

    private static LeaseRequest.Builder request(LeaseAction action, String selector) {
        return LeaseRequest.builder(action).selector(selector);
    }

    private LeasePlan plan(LeaseRequest.Builder b, ConnectionFacts facts) throws LeaseException {
        return LeasePlan.of(b.build(), inventory, facts, a -> false);
    }

    @Test
    void aReleaseOfAnotherAdapterThanTheConnectionsIsPlannedToAct() throws Exception {
        LeasePlan p = plan(request(LeaseAction.RELEASE, "Lab"), viaUplink);
        assertEquals(1, p.toAct().size());
        assertEquals(lab, p.toAct().get(0).adapter());
        assertNull(p.steps().get(0).outcome());
    }

    @Test
    void everyMatchIsCheckedSoOneCarryingAdapterRefusesTheWholeRequest() {
        LeaseException e = assertThrows(LeaseException.class,
                () -> plan(request(LeaseAction.RELEASE, "*").all(true), viaUplink));
        assertEquals(LeaseException.Kind.REFUSED, e.kind());
        assertTrue(e.getMessage().startsWith("Uplink (index 5) carries this agent's connection (a test connection)"),
                e.getMessage());
    }

    @Test
    void unknownConnectionRefusesPlainReleasesOnlyAndNotDryRuns() throws Exception {
        ConnectionFacts unknown = ConnectionFacts.unknown("nobody knows");
        assertThrows(LeaseException.class, () -> plan(request(LeaseAction.RELEASE, "Lab"), unknown));
        assertEquals(1, plan(request(LeaseAction.RELEASE_THEN_RENEW, "Lab"), unknown).toAct().size());
        assertEquals(1, plan(request(LeaseAction.RENEW, "Lab"), unknown).toAct().size());
        assertEquals(1, plan(request(LeaseAction.RELEASE, "Lab").allowAgentDisconnect(true), unknown).toAct().size());
        LeasePlan dry = plan(request(LeaseAction.RELEASE, "Lab").dryRun(true), unknown);
        assertEquals(OutcomeStatus.DRY_RUN, dry.steps().get(0).outcome().status());
        assertTrue(dry.toAct().isEmpty());
    }

    @Test
    void aRestartStyleRenewCountsAsAReleaseOnlyWhereTheBackendSaysSo() throws Exception {
        LeaseRequest renewUplink = request(LeaseAction.RENEW, "Uplink").build();
        assertEquals(1, LeasePlan.of(renewUplink, inventory, viaUplink, a -> false).toAct().size());
        LeaseException e = assertThrows(LeaseException.class,
                () -> LeasePlan.of(renewUplink, inventory, viaUplink, a -> a.name().equals("Uplink")));
        assertTrue(e.getMessage().contains("restarts its DHCP client"), e.getMessage());
    }

    @Test
    void aStaticAdapterIsSkippedWithItsAddressAndNeverRefused() throws Exception {
        ConnectionFacts viaStatic = ConnectionFacts.carriedBy(inventory, Set.of("192.168.9.9"), "a test connection");
        LeasePlan p = plan(request(LeaseAction.RELEASE, "Static"), viaStatic);
        assertEquals(OutcomeStatus.SKIPPED, p.steps().get(0).outcome().status());
        assertTrue(p.steps().get(0).outcome().message().contains("static 192.168.9.9"));
        assertTrue(p.steps().get(0).carriesConnection());
    }

    @Test
    void theRefusalAdvisesInTheWordsOfTheRequestsFrontEnd() {
        String pipeline = assertThrows(LeaseException.class,
                () -> plan(request(LeaseAction.RELEASE, "Uplink"), viaUplink)).getMessage();
        assertTrue(pipeline.contains("dhcpRenew(releaseFirst: true)") && pipeline.contains("(allowAgentDisconnect: true)"),
                pipeline);
        assertFalse(pipeline.contains("--"), pipeline);
        String cli = assertThrows(LeaseException.class,
                () -> plan(request(LeaseAction.RELEASE, "Uplink").terms(Terms.CLI), viaUplink)).getMessage();
        assertTrue(cli.contains("renew --release-first") && cli.contains("(--allow-agent-disconnect)"), cli);
        assertFalse(cli.contains("releaseFirst") || cli.contains("allowAgentDisconnect"), cli);
    }

    @Test
    void anAmbiguousSelectorAdvisesInTheWordsOfTheRequestsFrontEnd() {
        String pipeline = assertThrows(LeaseException.class, () -> plan(request(LeaseAction.RENEW, "*"), viaUplink))
                .getMessage();
        assertTrue(pipeline.contains("(allAdapters: true)") && !pipeline.contains("--all"), pipeline);
        String cli = assertThrows(LeaseException.class,
                () -> plan(request(LeaseAction.RENEW, null).terms(Terms.CLI), viaUplink)).getMessage();
        assertTrue(cli.contains("(--all)") && !cli.contains("allAdapters"), cli);
    }

    @Test
    void theTermsSurviveTheJobFilesAndARequestWithoutThemIsThePipelines() {
        LeaseRequest r = request(LeaseAction.RENEW, "Lab").terms(Terms.CLI).build();
        assertEquals(r, LeaseRequest.fromPlain(r.toPlain()));
        java.util.Map<String, Object> old = new java.util.LinkedHashMap<>(r.toPlain());
        old.remove("terms");
        assertEquals(Terms.PIPELINE, LeaseRequest.fromPlain(old).terms());
    }
}
