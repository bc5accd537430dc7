package io.jenkins.plugins.dhcplease.remote;

import io.jenkins.plugins.dhcplease.model.LeaseException;
import io.jenkins.plugins.dhcplease.model.LeaseReport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the agent sends back, as JDK maps, strings and numbers only: the controller's class filter (JEP-200) accepts
 * those, while classes of a library bundled in the plugin (our core) would be rejected on the way back.
 */
public final class WireResult {

    static final String STATUS = "status";
    static final String DONE = "done";
    static final String REFUSED = "refused";
    static final String RUNNING = "running";
    static final String ABSENT = "absent";
    /** In a collect answer: the local addresses the agent's connections leave from now. */
    public static final String AGENT_ADDRESSES = "agentAddresses";

    private WireResult() {
    }

    public static LinkedHashMap<String, Object> done(LeaseReport report) {
        LinkedHashMap<String, Object> m = new LinkedHashMap<>();
        m.put(STATUS, DONE);
        m.put("report", report.toPlain());
        return m;
    }

    public static LinkedHashMap<String, Object> refused(LeaseException e) {
        LinkedHashMap<String, Object> m = new LinkedHashMap<>();
        m.put(STATUS, REFUSED);
        m.put("kind", e.kind().name());
        m.put("message", e.getMessage());
        m.put("code", e.code());
        return m;
    }

    /**
     * A bug on the agent, as plain values too: the exception's classes (and its causes', JNA's among them) would
     * not pass the controller's class filter, and the report would be lost in a ClassNotFound-style error.
     */
    public static LinkedHashMap<String, Object> unexpected(RuntimeException e) {
        StringBuilder what = new StringBuilder(e.toString());
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            what.append("; caused by ").append(c);
        }
        return refused(new LeaseException(LeaseException.Kind.LOST, "the operation failed on the agent: " + what
                + ". Check the adapter with a dry run, and report this with the build log."));
    }

    /** The agent has no record of the request: it never started there (the connection dropped first). */
    public static LinkedHashMap<String, Object> absent() {
        LinkedHashMap<String, Object> m = new LinkedHashMap<>();
        m.put(STATUS, ABSENT);
        return m;
    }

    /** " from 198.18.0.107", or "" when the agent did not say. */
    public static String from(Map<String, Object> wire) {
        return wire.get(AGENT_ADDRESSES) instanceof List<?> l && !l.isEmpty()
                ? " from " + String.join(", ", l.stream().map(String::valueOf).toList()) : "";
    }

    public static boolean isAbsent(Map<String, Object> wire) {
        return ABSENT.equals(wire.get(STATUS));
    }

    /** Loads what building an answer needs, while the controller is still reachable. */
    static void warmUp() {
        refused(new LeaseException(LeaseException.Kind.LOST, "warm-up"));
        unexpected(new IllegalStateException("warm-up"));
        running();
    }

    public static LinkedHashMap<String, Object> running() {
        LinkedHashMap<String, Object> m = new LinkedHashMap<>();
        m.put(STATUS, RUNNING);
        return m;
    }

    /**
     * The report, or empty while the agent is still working on it.
     *
     * @throws LeaseException the agent refused the request (rebuilt from its kind and message)
     */
    @SuppressWarnings("unchecked")
    public static Optional<LeaseReport> decode(Map<String, Object> wire) throws LeaseException {
        Object status = wire.get(STATUS);
        if (DONE.equals(status)) {
            return Optional.of(LeaseReport.fromPlain((Map<String, Object>) wire.get("report")));
        }
        if (REFUSED.equals(status)) {
            LeaseException.Kind kind = LeaseException.Kind.valueOf((String) wire.get("kind"));
            int code = wire.get("code") instanceof Number n ? n.intValue() : 0;
            throw new LeaseException(kind, (String) wire.get("message"), code, null);
        }
        if (RUNNING.equals(status)) {
            return Optional.empty();
        }
        throw new IllegalArgumentException("unknown answer from the agent: " + wire);
    }
}
