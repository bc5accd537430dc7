package io.jenkins.plugins.dhcplease.agent;

import io.jenkins.plugins.dhcplease.engine.DhcpClient;
import io.jenkins.plugins.dhcplease.engine.LeaseEngine;
import io.jenkins.plugins.dhcplease.model.LeaseException;
import io.jenkins.plugins.dhcplease.model.LeaseReport;
import io.jenkins.plugins.dhcplease.model.LeaseRequest;
import io.jenkins.plugins.dhcplease.verify.NetworkChecks;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs one journaled request to its end and records the outcome: in the job process ({@link JobMain}), or on a
 * thread of this JVM when no job process can be started. Needs nothing but the journal and this machine.
 */
final class JobRunner {

    /** Builds the engine for one request; {@code agentPid} is the process whose connections must be kept. */
    @FunctionalInterface
    interface EngineFactory {
        LeaseEngine create(LeaseRequest request, long agentPid) throws LeaseException;
    }

    /** The production engine: this machine's backend, guarding the agent process's own connections; real checks. */
    static final EngineFactory THIS_MACHINE = (request, agentPid) -> {
        DhcpClient client = DhcpClients.forThisMachine();
        return new LeaseEngine(client, new OwnConnections(client, agentPid, System.getenv("SSH_CONNECTION"),
                new ControllerRoute(AgentConnectionProbe.ROUTING_TABLE, request.controllerHost(), request.controllerPort())),
                new NetworkChecks());
    };

    private JobRunner() {
    }

    static void run(LeaseJournal journal, String id, EngineFactory engines) throws IOException {
        Map<String, Object> entry = new LinkedHashMap<>(journal.read(id).orElseThrow(
                () -> new IOException("no journal entry " + id + " in " + journal.dir())));
        @SuppressWarnings("unchecked")
        LeaseRequest request = LeaseRequest.fromPlain((Map<String, Object>) entry.get("request"));
        long agentPid = ((Number) entry.get("agentPid")).longValue();
        ProcessHandle self = ProcessHandle.current();
        entry.put("state", LeaseJobs.RUNNING);
        entry.put("jobPid", self.pid());
        entry.put("jobStarted", self.info().startInstant().map(Instant::toString).orElse(null));
        journal.write(id, entry);
        try {
            LeaseReport report = engines.create(request, agentPid).run(request, line -> journal.appendLine(id, line));
            entry.put("state", LeaseJobs.DONE);
            entry.put("report", report.toPlain());
        } catch (LeaseException e) {
            refused(entry, e.kind().name(), e.getMessage(), e.code());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            refused(entry, LeaseException.Kind.LOST.name(), "the operation was interrupted on the agent before it"
                    + " finished. Check the adapter with a dry run.", 0);
        } catch (RuntimeException | Error e) {
            refused(entry, LeaseException.Kind.LOST.name(), "the operation failed on the agent: " + e
                    + ". Check the adapter with a dry run, and report this with the build log.", 0);
        }
        journal.write(id, entry);
    }

    private static void refused(Map<String, Object> entry, String kind, String message, int code) {
        entry.put("state", LeaseJobs.REFUSED);
        entry.put("kind", kind);
        entry.put("message", message);
        entry.put("code", code);
    }
}
