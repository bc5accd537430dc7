package io.jenkins.plugins.dhcplease.engine;

import static io.jenkins.plugins.dhcplease.engine.FakeDhcpClient.dhcp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.dhcplease.files.Json;
import io.jenkins.plugins.dhcplease.model.AddressCheck;
import io.jenkins.plugins.dhcplease.model.CheckResult;
import io.jenkins.plugins.dhcplease.model.LeaseAction;
import io.jenkins.plugins.dhcplease.model.LeaseException;
import io.jenkins.plugins.dhcplease.model.LeaseOutcome;
import io.jenkins.plugins.dhcplease.model.LeaseReport;
import io.jenkins.plugins.dhcplease.model.LeaseRequest;
import io.jenkins.plugins.dhcplease.model.OutcomeLine;
import io.jenkins.plugins.dhcplease.model.OutcomeStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** expect and verify: judged after a renew got its address, inside the request's deadline, the lease left alone. */
class RenewChecksEngineTest {

    private final FakeDhcpClient os = new FakeDhcpClient().with(dhcp("Ethernet", 4, "00-15-5D-00-00-04", "10.0.0.5"));
    private final List<String> log = new CopyOnWriteArrayList<>();
    /** What the checks were asked: "spec from local-address". */
    private final List<String> asked = new CopyOnWriteArrayList<>();

    private AddressChecks answering(Map<String, AddressChecks.Answer> answers, long sleepMillis) {
        return (check, adapter, local, deadline) -> {
            asked.add(check.spec() + " from " + local);
            Thread.sleep(sleepMillis);
            return answers.getOrDefault(check.spec(), AddressChecks.Answer.passed(check.spec() + " answered"));
        };
    }

    private LeaseOutcome renew(AddressChecks network, Duration timeout, String expect, String... verify) throws Exception {
        LeaseReport r = new LeaseEngine(os, AgentConnection.NONE, Duration.ofMillis(5), network)
                .run(LeaseRequest.builder(LeaseAction.RENEW).selector("Ethernet").timeout(timeout).expect(expect)
                        .verify(List.of(verify)).build(), log::add);
        assertEquals(1, r.outcomes().size());
        return r.outcomes().get(0);
    }

    private LeaseOutcome renew(String expect, String... verify) throws Exception {
        return renew(answering(Map.of(), 0), Duration.ofSeconds(5), expect, verify);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/24", "10.0.0.5", "10.0.0.4/30", "0.0.0.0/0"})
    void anAddressInTheExpectedRangeIsRenewed(String expect) throws Exception {
        LeaseOutcome o = renew(expect);
        assertEquals(OutcomeStatus.RENEWED, o.status(), o.toString());
        assertEquals(1, o.checks().size());
        assertEquals("expect " + expect, o.checks().get(0).check());
        assertTrue(o.checks().get(0).passed());
        assertTrue(OutcomeLine.format(o).endsWith("; checks: expect " + expect + " passed (0 ms)"), OutcomeLine.format(o));
    }

    @Test
    void anAddressOutOfRangeFailsAndTheLeaseIsLeftAsItIs() throws Exception {
        LeaseOutcome o = renew("10.20.0.0/24");
        assertEquals(OutcomeStatus.FAILED, o.status());
        assertTrue(o.message().startsWith("got 10.0.0.5 from 10.0.0.1, expected 10.20.0.0/24; the lease was left as it"
                + " is."), o.message());
        assertTrue(o.message().contains("00-15-5D-00-00-04"), "names the MAC the reservation is for: " + o.message());
        assertEquals("10.0.0.5", o.addressAfter());
        assertEquals(CheckResult.Result.FAILED, o.checks().get(0).result());
        assertEquals("10.0.0.5", os.get("Ethernet").primaryAddress(), "the lease is left in place");
        assertEquals(0, os.releases.get());
        assertEquals(1, os.renews.get());
    }

    @Test
    void verifyIsNotRunWhenTheAddressIsNotTheExpectedOne() throws Exception {
        LeaseOutcome o = renew("10.20.0.15", "gateway");
        assertEquals(OutcomeStatus.FAILED, o.status());
        assertEquals(List.of(), asked, "no traffic for an address the user did not want");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.20.0", "10.20.0.0/33", "10.20.0.0/", "10.20.0.256", "ten.twenty.0.0/24", "010.20.0.1",
            "10.20.0.0/24/8", " /24"})
    void aBadExpectIsRefusedBeforeAnythingChanges(String expect) {
        LeaseException e = assertThrows(LeaseException.class, () -> renew(expect));
        assertEquals(LeaseException.Kind.BAD_INPUT, e.kind());
        assertTrue(e.getMessage().startsWith("expect: '" + expect.trim() + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("such as 10.20.0.15 or a network such as 10.20.0.0/24"), e.getMessage());
        assertTrue(e.getMessage().endsWith("Nothing was changed."), e.getMessage());
        assertEquals(0, os.renews.get());
    }

    @Test
    void aNetworkWithHostBitsIsRefusedWithTheNetworkMeant() {
        LeaseException e = assertThrows(LeaseException.class, () -> renew("10.20.0.7/24"));
        assertTrue(e.getMessage().contains("has host bits set; did you mean 10.20.0.0/24?"), e.getMessage());
    }

    @Test
    void expectOnAReleaseOrWithoutWaitingIsRefused() {
        LeaseEngine engine = new LeaseEngine(os, AgentConnection.NONE, Duration.ofMillis(5), answering(Map.of(), 0));
        LeaseException release = assertThrows(LeaseException.class, () -> engine.run(LeaseRequest
                .builder(LeaseAction.RELEASE).selector("Ethernet").expect("10.0.0.0/24").build(), log::add));
        assertTrue(release.getMessage().contains("use them with dhcpRenew"), release.getMessage());
        LeaseException noWait = assertThrows(LeaseException.class, () -> engine.run(LeaseRequest
                .builder(LeaseAction.RENEW).selector("Ethernet").waitForAddress(false).verify(List.of("gateway")).build(),
                log::add));
        assertTrue(noWait.getMessage().contains("drop waitForAddress: false (CLI: --no-wait)"), noWait.getMessage());
        assertEquals(0, os.renews.get() + os.releases.get());
    }

    @Test
    void aDryRunJudgesTheValuesButRunsNoCheck() throws Exception {
        LeaseEngine engine = new LeaseEngine(os, AgentConnection.NONE, Duration.ofMillis(5), answering(Map.of(), 0));
        LeaseOutcome o = engine.run(LeaseRequest.builder(LeaseAction.RENEW).selector("Ethernet").dryRun(true)
                .expect("10.20.0.0/24").verify(List.of("gateway")).build(), log::add).outcomes().get(0);
        assertEquals(OutcomeStatus.DRY_RUN, o.status());
        assertEquals(List.of(), asked);
        assertThrows(LeaseException.class, () -> engine.run(LeaseRequest.builder(LeaseAction.RENEW).selector("Ethernet")
                .dryRun(true).verify(List.of("ping:10.0.0.1")).build(), log::add));
    }

    @Test
    void eachCheckPassingRunsFromTheRenewedAddressInOrder() throws Exception {
        LeaseOutcome o = renew("10.0.0.0/24", "gateway", "tcp:10.0.0.9:8080,dns:build.lab");
        assertEquals(OutcomeStatus.RENEWED, o.status(), o.toString());
        assertEquals(List.of("gateway from 10.0.0.5", "tcp:10.0.0.9:8080 from 10.0.0.5", "dns:build.lab from 10.0.0.5"), asked);
        assertEquals(List.of("expect 10.0.0.0/24", "gateway", "tcp:10.0.0.9:8080", "dns:build.lab"),
                o.checks().stream().map(CheckResult::check).toList());
        assertTrue(o.checks().stream().allMatch(CheckResult::passed));
        assertTrue(log.contains("Ethernet (index 4): check tcp:10.0.0.9:8080 passed (0 ms): tcp:10.0.0.9:8080 answered")
                || log.stream().anyMatch(l -> l.startsWith("Ethernet (index 4): check tcp:10.0.0.9:8080 passed (")), log.toString());
        assertTrue(OutcomeLine.format(o).contains("; checks: expect 10.0.0.0/24 passed (0 ms), gateway passed ("),
                OutcomeLine.format(o));
    }

    @Test
    void aFailingCheckFailsTheOutcomeWithWhatWasTriedAndTheOthersStillRun() throws Exception {
        LeaseOutcome o = renew(answering(Map.of("tcp:10.0.0.9:8080", AddressChecks.Answer.failed(
                "10.0.0.9:8080 refused the connection from 10.0.0.5")), 0), Duration.ofSeconds(5), null,
                "tcp:10.0.0.9:8080", "dns:build.lab");
        assertEquals(OutcomeStatus.FAILED, o.status());
        assertEquals("renewed to 10.0.0.5, but check tcp:10.0.0.9:8080 failed: 10.0.0.9:8080 refused the connection from"
                + " 10.0.0.5", o.message());
        assertEquals("10.0.0.5", o.addressAfter(), "the address is reported: it is there");
        assertEquals(List.of(CheckResult.Result.FAILED, CheckResult.Result.PASSED),
                o.checks().stream().map(CheckResult::result).toList());
        assertEquals("10.0.0.5", os.get("Ethernet").primaryAddress(), "the lease is left in place");
    }

    @Test
    void aCheckThatHangsTimesOutInsideTheDeadlineAndLaterChecksAreNotRun() throws Exception {
        long t0 = System.nanoTime();
        LeaseOutcome o = renew(answering(Map.of(), 30_000), Duration.ofMillis(800), null, "dns:slow.lab", "gateway");
        long took = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(took < 800 + 500, "bounded by the request's deadline: " + took + " ms");
        assertEquals(OutcomeStatus.FAILED, o.status());
        CheckResult slow = o.checks().get(0);
        assertEquals(CheckResult.Result.TIMED_OUT, slow.result());
        assertTrue(slow.detail().startsWith("no answer within the ") && slow.detail().endsWith(" left of the deadline (from"
                + " 10.0.0.5)"), slow.detail());
        CheckResult next = o.checks().get(1);
        assertEquals(CheckResult.Result.TIMED_OUT, next.result());
        assertTrue(next.detail().startsWith("not run: the request's deadline had passed"), next.detail());
        assertEquals(List.of("dns:slow.lab from 10.0.0.5"), asked);
        assertTrue(o.message().contains("check dns:slow.lab timed out: no answer within"), o.message());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ping:10.0.0.1", "tcp:10.0.0.1", "tcp:10.0.0.1:0", "tcp:10.0.0.1:65536", "tcp::80",
            "dns:", "dns:a b", "gateway:x", "tcp:$(reboot):80"})
    void aBadCheckIsRefusedBeforeAnythingChanges(String check) {
        LeaseException e = assertThrows(LeaseException.class, () -> renew(null, "gateway", check));
        assertEquals(LeaseException.Kind.BAD_INPUT, e.kind());
        assertTrue(e.getMessage().startsWith("verify: '" + check + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("the checks are gateway (or gateway:PORT), tcp:HOST:PORT and dns:NAME"), e.getMessage());
        assertEquals(0, os.renews.get());
        assertEquals(List.of(), asked);
    }

    @Test
    void verifyWithoutNetworkChecksIsRefusedBeforeAnythingChanges() {
        LeaseException e = assertThrows(LeaseException.class, () -> renew(AddressChecks.NONE, Duration.ofSeconds(5),
                null, "gateway"));
        assertEquals(LeaseException.Kind.UNSUPPORTED, e.kind());
        assertEquals(0, os.renews.get());
    }

    @Test
    void requestAndOutcomeKeepTheirChecksThroughPlainValues() throws Exception {
        LeaseRequest r = LeaseRequest.builder(LeaseAction.RENEW).selector("Ethernet").expect("10.0.0.0/24")
                .verify(List.of("gateway", "tcp:10.0.0.9:8080")).build();
        @SuppressWarnings("unchecked")
        Map<String, Object> back = (Map<String, Object>) Json.parse(Json.write(r.toPlain()));
        assertEquals(r, LeaseRequest.fromPlain(back));
        LeaseOutcome o = renew("10.0.0.0/24", "gateway");
        assertEquals(o, LeaseOutcome.fromPlain(o.toPlain()));
        assertEquals(List.of(Map.of("check", "expect 10.0.0.0/24", "result", "passed", "millis", 0L,
                "detail", "10.0.0.5 is in 10.0.0.0/24"), o.checks().get(1).toPlain()), o.toPlain().get("checks"));
    }

    @Test
    void aCheckIsSpelledBackAsWritten() throws Exception {
        assertEquals(List.of("gateway", "gateway:80", "tcp:h.lab:22", "dns:h.lab"), AddressCheck.parseAll(
                List.of(" gateway , GATEWAY:80", "tcp:h.lab:22", "", "dns:h.lab")).stream().map(AddressCheck::spec).toList());
    }
}
