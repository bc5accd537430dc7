package io.jenkins.plugins.dhcplease.agent;

import io.jenkins.plugins.dhcplease.engine.LeaseLog;
import io.jenkins.plugins.dhcplease.files.Json;
import io.jenkins.plugins.dhcplease.model.CheckResult;
import io.jenkins.plugins.dhcplease.model.LeaseAction;
import io.jenkins.plugins.dhcplease.model.LeaseException;
import io.jenkins.plugins.dhcplease.model.LeaseOutcome;
import io.jenkins.plugins.dhcplease.model.LeaseReport;
import io.jenkins.plugins.dhcplease.model.LeaseRequest;
import io.jenkins.plugins.dhcplease.model.OutcomeLine;
import io.jenkins.plugins.dhcplease.model.OutcomeStatus;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs requests on the agent so that they finish, and their outcome is kept, whatever happens to the caller: the
 * request is journaled on the agent's disk, a job process of its own ({@link JobMain}) runs it there and records
 * the outcome, and the entry stays until the controller {@linkplain #acknowledge acknowledges} it (or a day passes).
 * Where no job process can be started, the job runs on a thread of this JVM instead, and says so.
 */
public final class LeaseJobs {

    static final String STARTING = "starting";
    static final String RUNNING = "running";
    static final String DONE = "done";
    static final String REFUSED = "refused";

    /** Entries nobody acknowledged are removed after this long. */
    static final Duration KEEP = Duration.ofDays(1);
    /** Beyond the request's timeout, how long the caller waits for the job to journal its outcome (a JVM start included). */
    static final Duration GRACE = Duration.ofSeconds(15);
    private static final long POLL_MILLIS = 20;

    private final LeaseJournal journal;
    private final JobStarter starter;
    private final String note;

    LeaseJobs(LeaseJournal journal, JobStarter starter, String note) {
        this.journal = journal;
        this.starter = starter;
        this.note = note;
    }

    /** Jobs as a Jenkins agent runs them: the default journal, a job process of their own. */
    public static LeaseJobs onThisAgent() {
        LeaseJournal journal = LeaseJournal.defaultLocation();
        try {
            return new LeaseJobs(journal, JobProcess.forThisJvm(), null);
        } catch (IOException e) {
            return new LeaseJobs(journal, JobStarter.inThisJvm(JobRunner.THIS_MACHINE), "warning: the operation runs inside"
                    + " the agent JVM, not in a process of its own (" + e.getMessage() + "): if the agent process ends"
                    + " while it runs, it does not finish.");
        }
    }

    /** The default journal only: to collect or acknowledge, never to start a job. */
    public static LeaseJobs journalOnly() {
        return journalOnly(LeaseJournal.defaultLocation());
    }

    public static LeaseJobs journalOnly(LeaseJournal journal) {
        return new LeaseJobs(journal, (j, id) -> {
            throw new IOException("this LeaseJobs only reads the journal");
        }, null);
    }

    /** For tests: jobs on threads of this JVM with the given engines. */
    static LeaseJobs inThisJvm(LeaseJournal journal, JobRunner.EngineFactory engines) {
        return new LeaseJobs(journal, JobStarter.inThisJvm(engines), null);
    }

    /** For tests: jobs in job processes started by {@code starter}. */
    static LeaseJobs withProcesses(LeaseJournal journal, JobProcess starter) {
        return new LeaseJobs(journal, starter, null);
    }

    public LeaseJournal journal() {
        return journal;
    }

    /**
     * Journals the request and starts its job.
     *
     * @param agentPid the process whose connections the request must not cut (the agent JVM)
     */
    public Job start(LeaseRequest request, long agentPid, LeaseLog log) throws LeaseException {
        journal.prune(KEEP);
        warmUp();
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("state", STARTING);
        entry.put("created", Instant.now().toString());
        entry.put("agentPid", agentPid);
        entry.put("request", request.toPlain());
        try {
            journal.write(request.id(), entry);
            if (note != null) {
                log.line(note);
            }
            return new Job(request, starter.start(journal, request.id()), log);
        } catch (IOException e) {
            throw new LeaseException(LeaseException.Kind.LOST, "The operation could not be started on the agent: its"
                    + " journal (" + journal.dir() + ") or job process failed: " + e.getMessage() + ". Nothing was"
                    + " changed. Check that the agent's user can write there (-D" + LeaseJournal.DIR_PROPERTY + ").", 0, e);
        }
    }

    /** A started job; {@link #await} follows it to its outcome. */
    public final class Job {
        private final LeaseRequest request;
        private final JobStarter.Started started;
        private final LeaseLog log;
        private int linesShown;

        private Job(LeaseRequest request, JobStarter.Started started, LeaseLog log) {
            this.request = request;
            this.started = started;
            this.log = log;
        }

        /**
         * Forwards the job's progress lines and returns its report (the entry stays until acknowledged). Bounded by
         * the request's timeout plus {@link #GRACE}; interrupting the caller stops the wait, not the job.
         */
        public LeaseReport await() throws LeaseException, InterruptedException {
            long until = System.nanoTime() + (request.timeoutMillis() + GRACE.toMillis()) * 1_000_000;
            while (true) {
                forwardLines();
                Optional<LeaseReport> r = outcome(request.id(), started);
                if (r.isPresent()) {
                    forwardLines();
                    return r.get();
                }
                if (System.nanoTime() - until >= 0) {
                    throw new LeaseException(LeaseException.Kind.LOST, "The operation did not finish within its timeout"
                            + " of " + OutcomeLine.seconds(request.timeoutMillis()) + " plus "
                            + OutcomeLine.seconds(GRACE.toMillis()) + "; it keeps running on the agent. Check the"
                            + " adapter with a dry run, and raise the timeout if the DHCP server is slow.");
                }
                Thread.sleep(POLL_MILLIS);
            }
        }

        private void forwardLines() {
            try {
                List<String> lines = journal.lines(request.id(), linesShown);
                for (String l : lines) {
                    linesShown++;
                    try {
                        log.line(l);
                    } catch (RuntimeException e) {
                        // the channel to the build log is gone; the journal still gets the outcome
                    }
                }
            } catch (IOException e) {
                // progress only; the outcome is read from the entry
            }
        }
    }

    /**
     * The journaled report of {@code id} (kept until acknowledged), or empty while its job still runs.
     * Throws the job's refusal, or {@link LeaseException.Kind#LOST} when there is no usable record.
     */
    public Optional<LeaseReport> collect(String id) throws LeaseException {
        return outcome(id, null);
    }

    /** Whether this agent has a record of {@code id} at all: none means the request never reached its journal. */
    public boolean has(String id) throws LeaseException {
        try {
            return journal.read(id).isPresent();
        } catch (IOException e) {
            return true; // a record is there, if unreadable: collect says why
        }
    }

    /** The controller has the outcome: the entry goes. Never throws; a leftover is pruned after {@link #KEEP}. */
    public void acknowledge(String id) {
        try {
            journal.remove(id);
        } catch (IOException | IllegalArgumentException e) {
            // pruned later
        }
    }

    @SuppressWarnings("unchecked")
    private Optional<LeaseReport> outcome(String id, JobStarter.Started started) throws LeaseException {
        Map<String, Object> entry;
        try {
            entry = journal.read(id).orElse(null);
        } catch (IOException e) {
            throw new LeaseException(LeaseException.Kind.LOST, "The record of this operation on the agent ("
                    + journal.dir() + ") could not be read: " + e.getMessage() + ". Check the adapter with a dry run.", 0, e);
        }
        if (entry == null) {
            throw new LeaseException(LeaseException.Kind.LOST, "This agent has no record of the operation (" + id
                    + " in " + journal.dir() + "): it was already collected, pruned after a day, or the agent now runs"
                    + " with another journal directory or user. The outcome is unknown: check the adapter with a dry run.");
        }
        String state = String.valueOf(entry.get("state"));
        if (DONE.equals(state)) {
            return Optional.of(LeaseReport.fromPlain((Map<String, Object>) entry.get("report")));
        }
        if (REFUSED.equals(state)) {
            int code = entry.get("code") instanceof Number n ? n.intValue() : 0;
            throw new LeaseException(LeaseException.Kind.valueOf((String) entry.get("kind")), (String) entry.get("message"),
                    code, null);
        }
        if (stillRunning(entry, started)) {
            return Optional.empty();
        }
        // Read again: the job may have finished between the two reads.
        try {
            Map<String, Object> last = journal.read(id).orElse(entry);
            if (!last.get("state").equals(state)) {
                return outcome(id, started);
            }
        } catch (IOException e) {
            // fall through to the loss below
        }
        String tail = journal.outputTail(id);
        throw new LeaseException(LeaseException.Kind.LOST, "The job process on the agent ended without recording an"
                + " outcome (" + (RUNNING.equals(state) ? "it was killed or crashed while it ran" : "it did not start")
                + (tail.isEmpty() ? "" : "; its last output: " + tail) + "). The adapter may be left as the job left it:"
                + " check it with a dry run, and renew it if it has no address.");
    }

    /** A job counts as running while its process (pid and start time, as journaled) or the starter's handle lives. */
    private static boolean stillRunning(Map<String, Object> entry, JobStarter.Started started) {
        if (entry.get("jobPid") instanceof Number pid) {
            Object start = entry.get("jobStarted");
            return ProcessHandle.of(pid.longValue())
                    .filter(ProcessHandle::isAlive)
                    .filter(h -> start == null || h.info().startInstant().map(Instant::toString).orElse("").equals(start))
                    .isPresent();
        }
        if (started != null) {
            return started.alive();
        }
        // starting, asked through a new channel: give the job process time to come up
        Object created = entry.get("created");
        return created != null && Instant.parse((String) created).plus(GRACE).isAfter(Instant.now());
    }

    /** Loads now what reading an outcome needs later: after a release the controller may not be reachable. */
    private void warmUp() {
        LeaseOutcome sample = new LeaseOutcome("warm-up", "warm-up", 0, null, LeaseAction.RENEW, OutcomeStatus.RENEWED,
                null, null, null, Instant.EPOCH, Instant.EPOCH, 0, 0, null, false,
                List.of(new CheckResult("warm-up", CheckResult.Result.PASSED, 0, null)));
        LeaseReport.fromPlain(new LeaseReport("warm-up", LeaseAction.RENEW, List.of(sample)).toPlain());
        try {
            journal.lines("warm-up", 0);
        } catch (IOException | RuntimeException e) {
            // only the classes matter
        }
        Json.parse("{\"a\":[1,\"b\",true,null]}");
    }
}
