package io.jenkins.plugins.dhcplease.linux.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.dhcplease.agent.ControllerRoute;
import io.jenkins.plugins.dhcplease.engine.LeaseEngine;
import io.jenkins.plugins.dhcplease.linux.LinuxDhcpClient;
import io.jenkins.plugins.dhcplease.linux.detect.ClientKind;
import io.jenkins.plugins.dhcplease.linux.testbed.ProbeInNamespace;
import io.jenkins.plugins.dhcplease.linux.testbed.Testbed;
import io.jenkins.plugins.dhcplease.linux.testbed.TestbedExtension;
import io.jenkins.plugins.dhcplease.model.LeaseAction;
import io.jenkins.plugins.dhcplease.model.LeaseException;
import io.jenkins.plugins.dhcplease.model.LeaseRequest;
import io.jenkins.plugins.dhcplease.model.NetworkAdapter;
import io.jenkins.plugins.dhcplease.model.OutcomeStatus;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The adapter that carries the agent's connection, in a lab with two networks: the DHCP one (ID-c, towards the
 * server 198.18.0.1) and the static one (ID-c2 198.19.0.2, towards a peer 198.19.0.1 standing in for a controller).
 */
class AgentConnectionLabTest {

    @RegisterExtension
    final TestbedExtension testbed = new TestbedExtension(Testbed.Second.STATIC);

    private Testbed lab() {
        return testbed.testbed();
    }

    private LeaseEngine engine() {
        return new LeaseEngine(new LinuxDhcpClient(lab().host()), route(Testbed.SERVER_ADDRESS));
    }

    private ControllerRoute route(String controller) {
        return new ControllerRoute(new ProbeInNamespace(lab().labNamespace()), controller, 8080);
    }

    @Test
    void theRouteProbeNamesTheInterfaceTowardsEachController() throws Exception {
        lab().startClient(ClientKind.UDHCPC);
        LeaseEngine engine = engine();
        List<NetworkAdapter> inventory = engine.inventory();

        assertEquals(Set.of(lab().secondInterface()), route(Testbed.PEER_ADDRESS).find(inventory).adapterIds());
        assertEquals(Set.of(lab().clientInterface()), route(Testbed.SERVER_ADDRESS).find(inventory).adapterIds());
    }

    @Test
    void aReleaseOfTheInterfaceCarryingTheConnectionIsRefusedAndTheServerKeepsTheLease() throws Exception {
        lab().startClient(ClientKind.UDHCPC);
        String leases = lab().serverLeaseFile();
        List<String> addresses = lab().labAddresses();
        LeaseRequest release = LeaseRequest.builder(LeaseAction.RELEASE).selector(lab().clientInterface())
                .timeout(Duration.ofSeconds(10)).controller(Testbed.SERVER_ADDRESS, 8080).build();

        LeaseException e = assertThrows(LeaseException.class, () -> engine().run(release, line -> { }));

        assertEquals(LeaseException.Kind.REFUSED, e.kind());
        assertTrue(e.getMessage().contains(lab().clientInterface()), e.getMessage());
        assertEquals(leases, lab().serverLeaseFile());
        assertEquals(addresses, lab().labAddresses());
    }

    @Test
    void aRenewThatRestartsTheClientOfTheCarryingInterfaceIsRefusedAndNothingChanges() throws Exception {
        lab().startClient(ClientKind.DHCLIENT);
        String leases = lab().serverLeaseFile();
        List<Long> pids = lab().labPids();
        LeaseRequest renew = LeaseRequest.builder(LeaseAction.RENEW).selector(lab().clientInterface())
                .timeout(Duration.ofSeconds(10)).build();

        LeaseException e = assertThrows(LeaseException.class, () -> engine().run(renew, line -> { }));

        assertEquals(LeaseException.Kind.REFUSED, e.kind());
        assertTrue(e.getMessage().contains("restarts its DHCP client"), e.getMessage());
        assertEquals(leases, lab().serverLeaseFile());
        assertEquals(pids, lab().labPids(), "the same dhclient still runs");
        LeaseRequest rtr = LeaseRequest.builder(LeaseAction.RELEASE_THEN_RENEW).selector(lab().clientInterface())
                .timeout(Duration.ofSeconds(20)).build();
        assertEquals(OutcomeStatus.RENEWED, engine().run(rtr, line -> { }).outcomes().get(0).status(),
                "as one operation it is allowed");
    }
}
