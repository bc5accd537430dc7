package io.jenkins.plugins.dhcplease.agent;

import static io.jenkins.plugins.dhcplease.engine.FakeDhcpClient.dhcp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.dhcplease.engine.AgentConnection;
import io.jenkins.plugins.dhcplease.engine.FakeDhcpClient;
import io.jenkins.plugins.dhcplease.engine.LeaseEngine;
import io.jenkins.plugins.dhcplease.model.LeaseAction;
import io.jenkins.plugins.dhcplease.model.LeaseException;
import io.jenkins.plugins.dhcplease.model.LeaseReport;
import io.jenkins.plugins.dhcplease.model.LeaseRequest;
import io.jenkins.plugins.dhcplease.model.OutcomeStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal and jobs on threads of this JVM (the job process itself: {@link JobProcessTest}). */
class LeaseJobsTest {

    @TempDir
    Path dir;

    private final FakeDhcpClient os = new FakeDhcpClient().with(dhcp("Ethernet", 4, "00-15-5D-00-00-04", "10.0.0.5"));

    private LeaseJobs jobs() {
        return LeaseJobs.inThisJvm(new LeaseJournal(dir),
                (request, pid) -> new LeaseEngine(os, AgentConnection.NONE, Duration.ofMillis(5)));
    }

    private static LeaseRequest rtr() {
        return LeaseRequest.builder(LeaseAction.RELEASE_THEN_RENEW).selector("Ethernet").timeout(Duration.ofSeconds(10)).build();
    }

    @Test
    void theOutcomeStaysUntilAcknowledgedSoAnAnswerLostInTransitCanBeCollected() throws Exception {
        LeaseJobs jobs = jobs();
        LeaseRequest req = rtr();
        LeaseReport direct = jobs.start(req, 1, line -> { }).await();
        assertEquals(OutcomeStatus.RENEWED, direct.outcomes().get(0).status());

        // the direct answer never reached the controller: collecting through a new channel still finds it, twice
        assertEquals(direct, jobs.collect(req.id()).orElseThrow());
        assertEquals(direct, LeaseJobs.inThisJvm(new LeaseJournal(dir), null).collect(req.id()).orElseThrow());

        jobs.acknowledge(req.id());
        assertTrue(new LeaseJournal(dir).read(req.id()).isEmpty());
        LeaseException gone = assertThrows(LeaseException.class, () -> jobs.collect(req.id()));
        assertEquals(LeaseException.Kind.LOST, gone.kind());
        assertTrue(gone.getMessage().contains("no record of the operation"), gone.getMessage());
    }

    @Test
    void interruptedCallerDoesNotStopReleaseThenRenewAndTheOutcomeCanBeCollected() throws Exception {
        os.blockMillis = 300; // each call blocks: the interrupt lands between release and renew
        LeaseJobs jobs = jobs();
        LeaseRequest req = rtr();
        AtomicReference<Throwable> callerSaw = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                jobs.start(req, 1, line -> {
                    throw new IllegalStateException("channel closed"); // the build log is gone too
                }).await();
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
        assertEquals(Optional.empty(), jobs.collect(req.id()), "still running right after the interrupt");

        Optional<LeaseReport> collected = Optional.empty();
        for (int i = 0; i < 400 && collected.isEmpty(); i++) {
            Thread.sleep(10);
            collected = jobs.collect(req.id());
        }
        assertEquals(OutcomeStatus.RENEWED, collected.orElseThrow().outcomes().get(0).status());
        assertEquals(1, os.renews.get(), "the renew happened after the caller left");
    }

    @Test
    void progressLinesReachTheCallerInOrder() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        LeaseRequest req = rtr();
        jobs().start(req, 1, log::add).await();
        assertTrue(log.get(0).startsWith("Ethernet (index 4): releasing 10.0.0.5"), log.toString());
        assertTrue(log.get(1).startsWith("Ethernet (index 4): renewing after the release"), log.toString());
    }

    @Test
    void refusalIsJournaledAndRethrownOnCollect() throws Exception {
        LeaseJobs jobs = jobs();
        LeaseRequest req = LeaseRequest.builder(LeaseAction.RENEW).selector("Token Ring").build();
        LeaseJobs.Job job = jobs.start(req, 1, line -> { });
        LeaseException direct = assertThrows(LeaseException.class, job::await);
        assertEquals(LeaseException.Kind.NO_MATCH, direct.kind());
        LeaseException again = assertThrows(LeaseException.class, () -> jobs.collect(req.id()));
        assertEquals(LeaseException.Kind.NO_MATCH, again.kind());
        assertEquals(0, os.releases.get() + os.renews.get());
    }

    @Test
    void aJobWhoseProcessDiedWithoutAnOutcomeIsReportedAsLostWithWhatToDo() throws Exception {
        Map<String, Object> entry = new java.util.LinkedHashMap<>();
        entry.put("state", LeaseJobs.RUNNING);
        entry.put("created", Instant.now().toString());
        entry.put("jobPid", 999_999_999L);
        entry.put("jobStarted", Instant.now().toString());
        new LeaseJournal(dir).write("req-1", entry);
        LeaseException e = assertThrows(LeaseException.class, () -> jobs().collect("req-1"));
        assertEquals(LeaseException.Kind.LOST, e.kind());
        assertTrue(e.getMessage().contains("killed or crashed") && e.getMessage().contains("dry run"), e.getMessage());
    }

    @Test
    void aPidReusedByAnotherProcessDoesNotCountAsTheJob() throws Exception {
        Map<String, Object> entry = new java.util.LinkedHashMap<>();
        entry.put("state", LeaseJobs.RUNNING);
        entry.put("jobPid", ProcessHandle.current().pid()); // alive, but started at another time than journaled
        entry.put("jobStarted", "2001-01-01T00:00:00Z");
        new LeaseJournal(dir).write("req-2", entry);
        assertThrows(LeaseException.class, () -> jobs().collect("req-2"));
    }

    @Test
    void aJournalFileAnotherUserCouldHaveWrittenIsNotBelieved() throws Exception {
        new LeaseJournal(dir).write("req-3", Map.of("state", LeaseJobs.DONE));
        Path f = dir.resolve("req-3.json");
        Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
        LeaseException e = assertThrows(LeaseException.class, () -> jobs().collect("req-3"));
        assertTrue(e.getMessage().contains("not written by the user this agent runs as"), e.getMessage());
        assertFalse(e.getMessage().isBlank());
    }
}
