package io.jenkins.plugins.dhcplease.linux.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import io.jenkins.plugins.dhcplease.model.OutcomeStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A lab with two interfaces: ID-c managed by the DHCP client under test, ID-c2 with the static 198.19.0.2/24. Both
 * sides are checked: the lab's addresses and dnsmasq's lease file.
 */
class TwoInterfaceLabTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    @RegisterExtension
    final TestbedExtension testbed = new TestbedExtension(Testbed.Second.STATIC);

    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    private Testbed lab() {
        return testbed.testbed();
    }

    private LeaseReport run(LeaseRequest request) throws Exception {
        return new LeaseEngine(new LinuxDhcpClient(lab().host())).run(request, log::add);
    }

    private LeaseRequest.Builder renew(String selector) {
        return LeaseRequest.builder(LeaseAction.RENEW).selector(selector).timeout(TIMEOUT);
    }

    @ParameterizedTest
    @EnumSource(value = ClientKind.class, names = {"DHCLIENT", "DHCPCD", "UDHCPC"})
    void theDhcpInterfaceIsSelectedByMac(ClientKind client) throws Exception {
        lab().startClient(client);
        ServerLease before = lab().serverLease(Testbed.CLIENT_MAC).orElseThrow();
        int acks = lab().serverAcks(Testbed.CLIENT_MAC);

        LeaseReport report = run(renew("mac:02-00-5E-00-53-01").build());

        assertEquals(1, report.outcomes().size(), report::toString);
        LeaseOutcome o = report.outcomes().get(0);
        assertEquals(lab().clientInterface(), o.adapter());
        assertEquals(OutcomeStatus.RENEWED, o.status(), () -> o + "\n" + log);
        assertTrue(lab().awaitServerAck(Testbed.CLIENT_MAC, acks, 2_000), "the server granted no renewal:\n" + lab().serverLog());
        assertEquals(before.ip(), lab().serverLease(Testbed.CLIENT_MAC).orElseThrow().ip());
        assertEquals(before.ip(), lab().clientAddress(lab().clientInterface()).orElseThrow());
        assertEquals(Testbed.STATIC_ADDRESS, lab().clientAddress(lab().secondInterface()).orElseThrow());
    }

    @ParameterizedTest
    @EnumSource(value = ClientKind.class, names = {"DHCLIENT", "DHCPCD", "UDHCPC"})
    void theStaticInterfaceSelectedByNameIsSkippedWithItsReason(ClientKind client) throws Exception {
        lab().startClient(client);
        String leases = lab().serverLeaseFile();
        List<String> addresses = lab().labAddresses();

        LeaseReport report = run(LeaseRequest.builder(LeaseAction.RELEASE).selector(lab().secondInterface())
                .timeout(TIMEOUT).build());

        LeaseOutcome o = report.outcomes().get(0);
        assertEquals(OutcomeStatus.SKIPPED, o.status(), o::toString);
        assertTrue(o.message().contains("static " + Testbed.STATIC_ADDRESS), o.message());
        assertEquals(leases, lab().serverLeaseFile());
        assertEquals(addresses, lab().labAddresses());
    }

    @ParameterizedTest
    @EnumSource(value = ClientKind.class, names = {"DHCLIENT", "DHCPCD", "UDHCPC"})
    void aGlobMatchingBothIsRefusedAsAmbiguousAndNothingChanges(ClientKind client) throws Exception {
        lab().startClient(client);
        String leases = lab().serverLeaseFile();
        List<String> addresses = lab().labAddresses();

        LeaseException e = assertThrows(LeaseException.class, () -> run(renew(lab().id() + "-c*").build()));

        assertEquals(LeaseException.Kind.AMBIGUOUS, e.kind());
        assertTrue(e.getMessage().contains(lab().clientInterface()) && e.getMessage().contains(lab().secondInterface()),
                e.getMessage());
        assertEquals(leases, lab().serverLeaseFile());
        assertEquals(addresses, lab().labAddresses());
    }

    @ParameterizedTest
    @EnumSource(value = ClientKind.class, names = {"DHCLIENT", "DHCPCD", "UDHCPC"})
    void aGlobMatchingBothWithAllRenewsTheDhcpOneAndSkipsTheStaticOne(ClientKind client) throws Exception {
        lab().startClient(client);
        int acks = lab().serverAcks(Testbed.CLIENT_MAC);

        LeaseReport report = run(renew(lab().id() + "-c*").all(true).build());

        Map<String, LeaseOutcome> byName = report.outcomes().stream()
                .collect(Collectors.toMap(LeaseOutcome::adapter, Function.identity()));
        assertEquals(OutcomeStatus.RENEWED, byName.get(lab().clientInterface()).status(), () -> report + "\n" + log);
        LeaseOutcome skipped = byName.get(lab().secondInterface());
        assertEquals(OutcomeStatus.SKIPPED, skipped.status());
        assertTrue(skipped.message().contains("DHCP is not enabled"), skipped.message());
        assertTrue(lab().awaitServerAck(Testbed.CLIENT_MAC, acks, 2_000), "the server granted no renewal:\n" + lab().serverLog());
        assertEquals(1, lab().serverLeases().size(), "only the DHCP interface holds a lease: " + lab().serverLeases());
        assertEquals(Testbed.STATIC_ADDRESS, lab().clientAddress(lab().secondInterface()).orElseThrow());
    }
}
