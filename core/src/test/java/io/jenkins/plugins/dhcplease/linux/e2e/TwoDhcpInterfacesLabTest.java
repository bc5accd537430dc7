package io.jenkins.plugins.dhcplease.linux.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.dhcplease.engine.LeaseEngine;
import io.jenkins.plugins.dhcplease.linux.LinuxDhcpClient;
import io.jenkins.plugins.dhcplease.linux.detect.ClientKind;
import io.jenkins.plugins.dhcplease.linux.testbed.ServerLease;
import io.jenkins.plugins.dhcplease.linux.testbed.Testbed;
import io.jenkins.plugins.dhcplease.linux.testbed.TestbedExtension;
import io.jenkins.plugins.dhcplease.model.LeaseAction;
import io.jenkins.plugins.dhcplease.model.LeaseOutcome;
import io.jenkins.plugins.dhcplease.model.LeaseReport;
import io.jenkins.plugins.dhcplease.model.LeaseRequest;
import io.jenkins.plugins.dhcplease.model.OutcomeStatus;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two DHCP interfaces in one lab, each with a client of its own kind: only what is asked for changes. */
class TwoDhcpInterfacesLabTest {

    @RegisterExtension
    final TestbedExtension testbed = new TestbedExtension(Testbed.Second.DHCP);

    private Testbed lab() {
        return testbed.testbed();
    }

    private LeaseReport run(LeaseRequest r) throws Exception {
        return new LeaseEngine(new LinuxDhcpClient(lab().host())).run(r, line -> { });
    }

    @Test
    void everyDhcpAdapterWhenAskedExplicitlyRenewsBothEachWithItsOwnClient() throws Exception {
        lab().startClient(ClientKind.DHCPCD, lab().clientInterface());
        lab().startClient(ClientKind.UDHCPC, lab().secondInterface());
        ServerLease first = lab().serverLease(Testbed.CLIENT_MAC).orElseThrow();
        ServerLease second = lab().serverLease(Testbed.SECOND_MAC).orElseThrow();
        int firstAcks = lab().serverAcks(Testbed.CLIENT_MAC);
        int secondAcks = lab().serverAcks(Testbed.SECOND_MAC);

        LeaseReport report = run(LeaseRequest.builder(LeaseAction.RENEW).all(true).timeout(Duration.ofSeconds(10)).build());

        assertEquals(2, report.outcomes().size(), report::toString);
        for (LeaseOutcome o : report.outcomes()) {
            assertEquals(OutcomeStatus.RENEWED, o.status(), o::toString);
        }
        assertTrue(lab().awaitServerAck(Testbed.CLIENT_MAC, firstAcks, 2_000), lab().serverLog());
        assertTrue(lab().awaitServerAck(Testbed.SECOND_MAC, secondAcks, 2_000), lab().serverLog());
        assertEquals(first.ip(), lab().serverLease(Testbed.CLIENT_MAC).orElseThrow().ip());
        assertTrue(second.ip().startsWith("198.18.1."), second::toString);
    }

    @Test
    void releasingOneLeavesTheOthersLeaseAlone() throws Exception {
        lab().startClient(ClientKind.DHCLIENT, lab().clientInterface());
        lab().startClient(ClientKind.DHCPCD, lab().secondInterface());
        ServerLease second = lab().serverLease(Testbed.SECOND_MAC).orElseThrow();

        LeaseReport report = run(LeaseRequest.builder(LeaseAction.RELEASE).selector("mac:02-00-5E-00-53-01")
                .timeout(Duration.ofSeconds(10)).build());

        assertEquals(OutcomeStatus.RELEASED, report.outcomes().get(0).status(), report::toString);
        assertEquals(Optional.empty(), lab().serverLease(Testbed.CLIENT_MAC));
        assertEquals(Optional.of(second), lab().serverLease(Testbed.SECOND_MAC));
        assertEquals(Optional.of(second.ip()), lab().clientAddress(lab().secondInterface()));
    }
}
