package io.jenkins.plugins.dhcplease.remote;

import io.jenkins.plugins.dhcplease.engine.LeaseException;
import io.jenkins.plugins.dhcplease.model.LeaseReport;
import java.util.LinkedHashMap;
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
