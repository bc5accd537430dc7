package io.jenkins.plugins.dhcplease.agent;

import io.jenkins.plugins.dhcplease.engine.LeaseEngine;
import io.jenkins.plugins.dhcplease.engine.LeaseLog;
import io.jenkins.plugins.dhcplease.model.LeaseException;
import io.jenkins.plugins.dhcplease.model.LeaseReport;
import io.jenkins.plugins.dhcplease.model.LeaseRequest;
import io.jenkins.plugins.dhcplease.model.OutcomeLine;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/**
 * Runs requests on the agent so that they finish even when the caller goes away: the engine works on a thread of
 * its own (channel termination interrupts only the request thread), and the outcome is journaled on disk under
 * the request id until it is collected.
 */
public final class LeaseJobs {

    /** Entries nobody collected are removed after this long. */
    static final Duration KEEP = Duration.ofDays(1);
    /** Beyond the request's timeout, how long the caller waits for the job to journal its outcome. */
    static final Duration GRACE = Duration.ofSeconds(10);
    /** Tells a record written by this JVM from one left by a JVM that died while the operation ran. */
    private static final String THIS_JVM = ProcessHandle.current().pid() + "@"
            + ProcessHandle.current().info().startInstant().map(Object::toString).orElse("?");

    @FunctionalInterface
    public interface EngineFactory {
        LeaseEngine create() throws LeaseException;
    }

    private static final LeaseJobs DEFAULT = new LeaseJobs(LeaseJournal.defaultLocation(),
            () -> new LeaseEngine(DhcpClients.forThisMachine()), System::getenv);

    private final LeaseJournal journal;
    private final EngineFactory engines;
    private final UnaryOperator<String> env;

    public LeaseJobs(LeaseJournal journal, EngineFactory engines, UnaryOperator<String> env) {
        this.journal = journal;
        this.engines = engines;
        this.env = env;
    }

    /**
     * Runs the request on a thread of its own, journals the outcome under {@code request.id()}, and waits for it
     * (bounded by the request's timeout plus a grace period). Interrupting the caller stops the wait, not the job.
     */
    public static LeaseReport run(LeaseRequest request, LeaseLog log) throws LeaseException, InterruptedException {
        return DEFAULT.start(request, log).await(request);
    }

    /**
     * After the channel dropped: the journaled report (removing it), or empty while the job still runs.
     * Throws the job's refusal, or {@link LeaseException.Kind#LOST} when this agent has no usable record.
     */
    public static Optional<LeaseReport> collect(String requestId) throws LeaseException {
        return DEFAULT.collectFromJournal(requestId);
    }

    /** A started job; {@link #await} waits for its outcome. */
    public final class Job {
        private final String id;
        private final CompletableFuture<LeaseReport> result;

        private Job(String id, CompletableFuture<LeaseReport> result) {
            this.id = id;
            this.result = result;
        }

        public LeaseReport await(LeaseRequest request) throws LeaseException, InterruptedException {
            try {
                LeaseReport r = result.get(request.timeoutMillis() + GRACE.toMillis(), TimeUnit.MILLISECONDS);
                forget(id);
                return r;
            } catch (ExecutionException e) {
                forget(id);
                if (e.getCause() instanceof LeaseException le) {
                    throw le;
                }
                throw new IllegalStateException("dhcp-lease job " + id + " failed: " + e.getCause(), e.getCause());
            } catch (TimeoutException e) {
                throw new LeaseException(LeaseException.Kind.LOST, "The operation did not finish within its timeout of "
                        + OutcomeLine.seconds(request.timeoutMillis()) + " plus " + OutcomeLine.seconds(GRACE.toMillis())
                        + "; it keeps running on the"
                        + " agent. Check the adapter with a dry run, and raise the timeout if the DHCP server is slow.");
            }
        }
    }

    public Job start(LeaseRequest request, LeaseLog log) throws LeaseException {
        journal.prune(KEEP);
        String id = request.id();
        record(id, Map.of("state", "running", "jvm", THIS_JVM));
        LeaseLog safe = line -> {
            try {
                log.line(line);
            } catch (RuntimeException e) {
                // the channel to the build log is gone; the journal still gets the outcome
            }
        };
        String ssh = env.apply("SSH_CONNECTION");
        if (request.action().releases() && ssh != null && !ssh.isBlank()) {
            // The one sign of an SSH-launched agent visible from inside it; such a JVM usually dies with its connection.
            safe.line("warning: this agent was started over SSH (" + ssh.trim() + "). If the adapter being released carries"
                    + " that connection, the agent process usually dies with it and cannot finish the renew; inbound agents"
                    + " and agents running as a Windows service keep running through a reconnect.");
        }
        CompletableFuture<LeaseReport> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                LeaseReport r = engines.create().run(request, safe);
                record(id, Map.of("state", "done", "jvm", THIS_JVM, "report", r.toPlain()));
                result.complete(r);
            } catch (LeaseException e) {
                record(id, Map.of("state", "refused", "jvm", THIS_JVM, "kind", e.kind().name(), "message", e.getMessage()));
                result.completeExceptionally(e);
            } catch (Throwable e) {
                record(id, Map.of("state", "refused", "jvm", THIS_JVM, "kind", LeaseException.Kind.LOST.name(),
                        "message", "the operation failed on the agent: " + e));
                result.completeExceptionally(e);
            }
        }, "dhcp-lease job " + id);
        // Not a daemon: a release-then-renew in flight should finish even while the agent winds down.
        t.setDaemon(false);
        t.start();
        return new Job(id, result);
    }

    @SuppressWarnings("unchecked")
    public Optional<LeaseReport> collectFromJournal(String id) throws LeaseException {
        Map<String, Object> entry;
        try {
            entry = journal.read(id).orElse(null);
        } catch (IOException e) {
            throw new LeaseException(LeaseException.Kind.LOST, "The record of this operation on the agent ("
                    + journal.dir() + ") could not be read: " + e.getMessage() + ". Check the adapter with a dry run.", 0, e);
        }
        if (entry == null) {
            throw new LeaseException(LeaseException.Kind.LOST, "This agent has no record of the operation: its JVM"
                    + " restarted (an agent launched over SSH usually dies with its connection), or the record was already"
                    + " collected. The outcome is unknown: check the adapter with a dry run. Inbound agents and agents"
                    + " running as a Windows service keep running through a reconnect.");
        }
        switch (String.valueOf(entry.get("state"))) {
            case "done":
                forget(id);
                return Optional.of(LeaseReport.fromPlain((Map<String, Object>) entry.get("report")));
            case "refused":
                forget(id);
                throw new LeaseException(LeaseException.Kind.valueOf((String) entry.get("kind")), (String) entry.get("message"));
            default:
                if (!THIS_JVM.equals(entry.get("jvm"))) {
                    forget(id);
                    throw new LeaseException(LeaseException.Kind.LOST, "The agent JVM restarted while the operation was"
                            + " running, so it did not finish. Check the adapter with a dry run and run the step again.");
                }
                return Optional.empty();
        }
    }

    private void record(String id, Map<String, Object> entry) {
        try {
            journal.write(id, new LinkedHashMap<>(entry));
        } catch (IOException e) {
            // Only a reconnect needs the journal; the direct answer still reaches the caller.
        }
    }

    private void forget(String id) {
        try {
            journal.remove(id);
        } catch (IOException e) {
            // pruned later
        }
    }
}
