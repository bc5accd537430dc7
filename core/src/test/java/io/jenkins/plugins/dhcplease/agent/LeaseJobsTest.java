package io.jenkins.plugins.dhcplease.agent;

import static io.jenkins.plugins.dhcplease.engine.FakeDhcpClient.dhcp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.dhcplease.engine.FakeDhcpClient;
import io.jenkins.plugins.dhcplease.engine.LeaseEngine;
import io.jenkins.plugins.dhcplease.model.LeaseAction;
import io.jenkins.plugins.dhcplease.model.LeaseException;
import io.jenkins.plugins.dhcplease.model.LeaseReport;
import io.jenkins.plugins.dhcplease.model.LeaseRequest;
import io.jenkins.plugins.dhcplease.model.OutcomeStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeaseJobsTest {

    @TempDir
    Path dir;

    private final FakeDhcpClient os = new FakeDhcpClient().with(dhcp("Ethernet", 4, "00-15-5D-00-00-04", "10.0.0.5"));

    private LeaseJobs jobs() {
        return jobs(name -> null);
    }

    private LeaseJobs jobs(java.util.function.UnaryOperator<String> env) {
        return new LeaseJobs(new LeaseJournal(dir), () -> new LeaseEngine(os, AgentConnectionProbe.NONE, Duration.ofMillis(5)), env);
    }

    private static LeaseRequest rtr() {
        return LeaseRequest.builder(LeaseAction.RELEASE_THEN_RENEW).selector("Ethernet").timeout(Duration.ofSeconds(10)).build();
    }

    @Test
    void directAnswerLeavesNoJournalEntry() throws Exception {
        LeaseJobs jobs = jobs();
        LeaseRequest req = rtr();
        LeaseReport r = jobs.start(req, line -> { }).await(req);
        assertEquals(OutcomeStatus.RENEWED, r.outcomes().get(0).status());
        assertTrue(new LeaseJournal(dir).read(req.id()).isEmpty());
    }

    @Test
    void interruptedCallerDoesNotStopReleaseThenRenewAndTheOutcomeCanBeCollected() throws Exception {
        os.blockMillis = 300; // each call blocks: the interrupt lands between release and renew
        LeaseJobs jobs = jobs();
        LeaseRequest req = rtr();
        AtomicReference<Throwable> callerSaw = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                jobs.start(req, line -> {
                    throw new IllegalStateException("channel closed"); // the build log is gone too
                }).await(req);
            } catch (Throwable t) {
                callerSaw.set(t);
            }
        });
        caller.start();
        while (os.releases.get() == 0) {
            Thread.sleep(5);
        }
        caller.interrupt();
        caller.join(2_000);
        assertTrue(callerSaw.get() instanceof InterruptedException, String.valueOf(callerSaw.get()));
        assertEquals(Optional.empty(), jobs.collectFromJournal(req.id()), "still running right after the interrupt");

        Optional<LeaseReport> collected = Optional.empty();
        for (int i = 0; i < 400 && collected.isEmpty(); i++) {
            Thread.sleep(10);
            collected = jobs.collectFromJournal(req.id());
        }
        assertEquals(OutcomeStatus.RENEWED, collected.orElseThrow().outcomes().get(0).status());
        assertEquals(1, os.renews.get(), "the renew happened after the caller left");
        LeaseException gone = assertThrows(LeaseException.class, () -> jobs.collectFromJournal(req.id()));
        assertEquals(LeaseException.Kind.LOST, gone.kind(), "collected once, then removed");
    }

    @Test
    void refusalIsJournaledAndRethrownOnCollect() throws Exception {
        LeaseJobs jobs = jobs();
        LeaseRequest req = LeaseRequest.builder(LeaseAction.RENEW).selector("Token Ring").build();
        LeaseJobs.Job job = jobs.start(req, line -> { });
        LeaseException direct = assertThrows(LeaseException.class, () -> job.await(req));
        assertEquals(LeaseException.Kind.NO_MATCH, direct.kind());
    }

    @Test
    void recordLeftByAnotherJvmIsReportedAsLost() throws Exception {
        new LeaseJournal(dir).write("req-1", Map.of("state", "running", "jvm", "12345@yesterday"));
        LeaseException e = assertThrows(LeaseException.class, () -> jobs().collectFromJournal("req-1"));
        assertEquals(LeaseException.Kind.LOST, e.kind());
        assertTrue(e.getMessage().contains("restarted"), e.getMessage());
    }

    @Test
    void sshLaunchedAgentIsWarnedBeforeARelease() throws Exception {
        java.util.List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
        LeaseRequest req = rtr();
        jobs(name -> name.equals("SSH_CONNECTION") ? "198.18.0.1 52000 198.18.0.2 22" : null).start(req, log::add).await(req);
        assertTrue(log.get(0).startsWith("warning: this agent was started over SSH (198.18.0.1 52000 198.18.0.2 22)"), log.toString());

        log.clear();
        LeaseRequest renew = LeaseRequest.builder(LeaseAction.RENEW).selector("Ethernet").build();
        jobs(name -> "x").start(renew, log::add).await(renew);
        assertTrue(log.stream().noneMatch(l -> l.startsWith("warning")), "a plain renew cannot strand the agent: " + log);
    }
}
