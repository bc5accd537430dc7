package io.jenkins.plugins.dhcplease.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.dhcplease.engine.LeaseEngine;
import io.jenkins.plugins.dhcplease.engine.LeaseLog;
import io.jenkins.plugins.dhcplease.model.LeaseAction;
import io.jenkins.plugins.dhcplease.model.LeaseException;
import io.jenkins.plugins.dhcplease.model.LeaseOutcome;
import io.jenkins.plugins.dhcplease.model.LeaseReport;
import io.jenkins.plugins.dhcplease.model.LeaseRequest;
import io.jenkins.plugins.dhcplease.model.OutcomeStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole path a pipeline step takes on a Windows agent — LeaseEngine over WindowsDhcpClient over JNA — played
 * against the C shim: selection, preconditions, the calls, the wait for their effect, and every way it ends.
 */
@EnabledIfSystemProperty(named = "dhcplease.test.native", matches = ".+", disabledReason = "the native test artifacts"
        + " are built by the Maven profile windows-binding-shim, active where mingw-w64 is installed (scripts/install-deps)")
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "on Windows the binding runs against iphlpapi.dll: WindowsRealAdaptersTest")
@ResourceLock(Shim.LOCK)
class WindowsEngineScenarioTest {

    private final List<String> log = new ArrayList<>();

    private LeaseReport run(LeaseAction action, String selector) throws Exception {
        return run(LeaseRequest.builder(action).selector(selector).timeout(Duration.ofSeconds(10)).build());
    }

    private LeaseReport run(LeaseRequest request) throws Exception {
        LeaseLog sink = log::add;
        return new LeaseEngine(Shim.client()).run(request, sink);
    }

    private static LeaseOutcome only(LeaseReport report) {
        assertEquals(1, report.outcomes().size(), () -> "one outcome expected: " + report.outcomes());
        return report.outcomes().get(0);
    }

    @Test
    void noAdaptersAtAllIsNoMatchAndNothingIsCalled() throws Exception {
        Shim.play("");
        LeaseException e = assertThrows(LeaseException.class, () -> run(LeaseAction.RENEW, "Ethernet"));
        assertEquals(LeaseException.Kind.NO_MATCH, e.kind());
        assertTrue(e.getMessage().contains("No adapter matches 'Ethernet'"), e.getMessage());
        assertEquals(0, Shim.leaseCalls());
    }

    @Test
    void renewOfTheOnlyAdapterReportsBeforeAndAfter() throws Exception {
        Shim.play(Scenarios.ETHERNET.replace("  lease 1700000000 1700086400\n",
                "  lease 1700000000 1700086400\n  renew-address 192.168.1.77/24\n  renew-server 192.168.1.2\n"));
        LeaseOutcome o = only(run(LeaseAction.RENEW, "Ethernet"));
        assertEquals(OutcomeStatus.RENEWED, o.status(), o::message);
        assertEquals(Scenarios.ETHERNET_GUID, o.adapterId());
        assertEquals(12, o.index());
        assertEquals("00-15-5D-01-02-03", o.mac());
        assertEquals("192.168.1.10", o.addressBefore());
        assertEquals("192.168.1.77", o.addressAfter());
        assertEquals("192.168.1.2", o.dhcpServer());
        assertTrue(o.leaseObtained().isAfter(Instant.ofEpochSecond(1700000000L)), "the new lease's time");
        assertEquals(0, o.errorCode());
        assertNull(o.message());
        assertEquals(1, Shim.adapterCalls(Shim.RENEW, "eth"));
        assertEquals(0, Shim.calls(Shim.RELEASE));
    }

    @Test
    void releaseRemovesTheDhcpAddress() throws Exception {
        Shim.play(Scenarios.LAB);
        LeaseOutcome o = only(run(LeaseAction.RELEASE, "Wi-Fi"));
        assertEquals(OutcomeStatus.RELEASED, o.status(), o::message);
        assertEquals("172.16.5.40", o.addressBefore());
        assertNull(o.addressAfter());
        assertEquals("172.16.4.1", o.dhcpServer(), "the server of the lease that was released");
        assertNull(o.leaseObtained(), "no lease any more");
        assertEquals(1, Shim.adapterCalls(Shim.RELEASE, "wifi"));
        assertEquals(0, Shim.calls(Shim.RENEW));
    }

    @Test
    void releaseThenRenewGetsANewLease() throws Exception {
        Shim.play(Scenarios.LAB);
        LeaseOutcome o = only(run(LeaseAction.RELEASE_THEN_RENEW, "Ethernet 2"));
        assertEquals(OutcomeStatus.RENEWED, o.status(), o::message);
        assertEquals("10.20.0.5", o.addressBefore());
        assertEquals("10.20.0.5", o.addressAfter());
        assertEquals("10.20.0.1", o.dhcpServer());
        assertNotEquals(Instant.ofEpochSecond(1700000100L), o.leaseObtained());
        assertEquals(1, Shim.adapterCalls(Shim.RELEASE, "eth2"));
        assertEquals(1, Shim.adapterCalls(Shim.RENEW, "eth2"));
        assertEquals(0, Shim.adapterCalls(Shim.RENEW, "eth"));
    }

    @ParameterizedTest(name = "selector {0}")
    @ValueSource(strings = {"Wi-Fi", "wi-f?", "*AX201*", "*wi-fi 6*", "index:21", "mac:3C-A9-F4-10-20-30",
            "mac:3ca9f4102030", "mac:3c:a9:f4:10:20:30", "guid:{B0B0B0B0-1111-2222-3333-444455556666}",
            "guid:{b0b0b0b0-1111-2222-3333-444455556666}"})
    void everySelectorFormReachesExactlyThatAdapter(String selector) throws Exception {
        Shim.play(Scenarios.LAB);
        LeaseOutcome o = only(run(LeaseAction.RENEW, selector));
        assertEquals("Wi-Fi", o.adapter());
        assertEquals(OutcomeStatus.RENEWED, o.status(), o::message);
        assertEquals(1, Shim.adapterCalls(Shim.RENEW, "wifi"));
        assertEquals(1, Shim.calls(Shim.RENEW), "no other adapter is touched");
    }

    @Test
    void allDhcpAdaptersWhenAskedExplicitly() throws Exception {
        Shim.play(Scenarios.LAB);
        LeaseReport report = run(LeaseRequest.builder(LeaseAction.RENEW).all(true).timeout(Duration.ofSeconds(10)).build());
        assertEquals(List.of("Ethernet", "Ethernet 2", "Wi-Fi", "Ethernet 3"),
                report.outcomes().stream().map(LeaseOutcome::adapter).toList(), "every DHCP adapter, loopback never");
        assertEquals(List.of(OutcomeStatus.RENEWED, OutcomeStatus.RENEWED, OutcomeStatus.RENEWED, OutcomeStatus.SKIPPED),
                report.outcomes().stream().map(LeaseOutcome::status).toList());
        assertEquals(3, Shim.calls(Shim.RENEW));
        assertEquals(0, Shim.adapterCalls(Shim.RENEW, "down"));
    }

    @Test
    void anAmbiguousSelectorIsRefusedAndNothingIsCalled() throws Exception {
        Shim.play(Scenarios.LAB);
        LeaseException e = assertThrows(LeaseException.class, () -> run(LeaseAction.RELEASE, "Ethernet*"));
        assertEquals(LeaseException.Kind.AMBIGUOUS, e.kind());
        assertTrue(e.getMessage().contains("matches 3 adapters") && e.getMessage().contains("Nothing was changed"),
                e.getMessage());
        assertEquals(0, Shim.leaseCalls(), "refused before any name lookup, release or renew");
    }

    @Test
    void aStaticAdapterIsSkipped() throws Exception {
        Shim.play(Scenarios.LAB);
        LeaseOutcome o = only(run(LeaseAction.RENEW, "Lab static"));
        assertEquals(OutcomeStatus.SKIPPED, o.status());
        assertTrue(o.message().contains("DHCP is not enabled") && o.message().contains("192.168.50.2"), o.message());
        assertEquals(0, Shim.leaseCalls());
    }

    @Test
    void aDisconnectedAdapterIsSkipped() throws Exception {
        Shim.play(Scenarios.LAB);
        LeaseOutcome o = only(run(LeaseAction.RELEASE_THEN_RENEW, "index:50"));
        assertEquals(OutcomeStatus.SKIPPED, o.status());
        assertTrue(o.message().contains("down"), o.message());
        assertEquals(0, Shim.leaseCalls());
    }

    static Stream<Integer> mappedCodes() {
        return Win32Errors.knownCodes().stream();
    }

    @ParameterizedTest(name = "renew answering {0}")
    @MethodSource("mappedCodes")
    void everyRenewErrorEndsAsFailedWithItsCodeAndSentence(int code) throws Exception {
        Shim.play(Scenarios.ETHERNET + "  renew-code " + code + "\n");
        LeaseOutcome o = only(run(LeaseAction.RENEW, "Ethernet"));
        assertEquals(OutcomeStatus.FAILED, o.status());
        assertEquals(code, o.errorCode());
        assertTrue(o.message().startsWith("IpRenewAddress failed for Ethernet (index 12): Win32 error " + code + ", "),
                o.message());
        assertEquals("192.168.1.10", o.addressAfter(), "the adapter kept its lease");
    }

    @ParameterizedTest(name = "release answering {0}")
    @ValueSource(ints = {5, 87, 127, 1168})
    void releaseErrorsEndAsFailedAndTheRenewIsNotAttempted(int code) throws Exception {
        Shim.play(Scenarios.ETHERNET + "  release-code " + code + "\n");
        LeaseOutcome o = only(run(LeaseAction.RELEASE_THEN_RENEW, "Ethernet"));
        assertEquals(OutcomeStatus.FAILED, o.status());
        assertEquals(code, o.errorCode());
        assertTrue(o.message().contains("IpReleaseAddress failed") && o.message().contains("Win32 error " + code),
                o.message());
        assertEquals(0, Shim.calls(Shim.RENEW));
    }

    @Test
    void anUnmappedCodeEndsWithWindowsOwnText() throws Exception {
        Shim.play(Scenarios.ETHERNET + "  renew-code 1236\nmessage 1236 The network connection was aborted by the local system.\n");
        LeaseOutcome o = only(run(LeaseAction.RENEW, "Ethernet"));
        assertEquals(OutcomeStatus.FAILED, o.status());
        assertEquals(1236, o.errorCode());
        assertTrue(o.message().endsWith("Win32 error 1236: The network connection was aborted by the local system."),
                o.message());
    }

    @Test
    void aRenewOutlivingItsDeadlineTimesOutSayingTheOsIsStillWorking() throws Exception {
        Shim.play(Scenarios.ETHERNET + "  renew-delay 3000\n");
        long start = System.nanoTime();
        LeaseOutcome o = only(run(LeaseRequest.builder(LeaseAction.RENEW).selector("Ethernet")
                .timeout(Duration.ofMillis(400)).build()));
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(OutcomeStatus.TIMED_OUT, o.status());
        assertTrue(o.message().contains("still running in the OS") && o.message().contains("keeps trying"), o.message());
        assertTrue(tookMillis < 2500, "the engine stopped waiting at the deadline, not when the call returned: " + tookMillis);
        assertEquals(1, Shim.calls(Shim.RENEW));
    }

    @Test
    void apipaAfterRenewIsAFailure() throws Exception {
        Shim.play(Scenarios.ETHERNET + "  renew-apipa\n");
        LeaseOutcome o = only(run(LeaseAction.RELEASE_THEN_RENEW, "Ethernet"));
        assertEquals(OutcomeStatus.FAILED, o.status());
        assertEquals("169.254.12.7", o.addressAfter());
        assertTrue(o.message().contains("169.254.12.7") && o.message().contains("APIPA"), o.message());
    }

    @Test
    void anAddressThatStaysTentativeIsNotARenew() throws Exception {
        Shim.play(Scenarios.ETHERNET + "  renew-tentative\n");
        LeaseOutcome o = only(run(LeaseRequest.builder(LeaseAction.RENEW).selector("Ethernet")
                .timeout(Duration.ofMillis(600)).build()));
        assertEquals(OutcomeStatus.TIMED_OUT, o.status());
        assertTrue(o.message().contains("tentative"), o.message());
    }

    @Test
    void aDryRunCallsNothing() throws Exception {
        Shim.play(Scenarios.LAB);
        LeaseReport report = run(LeaseRequest.builder(LeaseAction.RELEASE_THEN_RENEW).selector("*Ethernet*").all(true)
                .dryRun(true).timeout(Duration.ofSeconds(5)).build());
        assertEquals(List.of(OutcomeStatus.DRY_RUN, OutcomeStatus.DRY_RUN, OutcomeStatus.SKIPPED, OutcomeStatus.SKIPPED),
                report.outcomes().stream().map(LeaseOutcome::status).toList());
        assertTrue(report.outcomes().get(0).message().contains("would release and renew 192.168.1.10 from 192.168.1.1"),
                report.outcomes().get(0).message());
        assertEquals(0, Shim.leaseCalls());
    }

    @Test
    void anInventoryFailureRefusesTheRequest() throws Exception {
        Shim.play(Scenarios.ETHERNET + "fail GetAdaptersAddresses 8\nmessage 8 Not enough memory resources are available to process this command.\n");
        LeaseException e = assertThrows(LeaseException.class, () -> run(LeaseAction.RENEW, "Ethernet"));
        assertEquals(LeaseException.Kind.INVENTORY_FAILED, e.kind());
        assertEquals(8, e.code());
        assertTrue(e.getMessage().endsWith("Win32 error 8: Not enough memory resources are available to process this"
                + " command."), e.getMessage());
        assertEquals(0, Shim.leaseCalls());
    }
}
