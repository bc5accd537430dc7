package io.jenkins.plugins.dhcplease.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every adapter's outcome for one request. */
public record LeaseReport(String requestId, LeaseAction action, List<LeaseOutcome> outcomes) {

    public LeaseReport {
        outcomes = List.copyOf(outcomes);
    }

    /** True when nothing failed or timed out and at least one adapter was acted on (or would be, in a dry run). */
    public boolean ok() {
        return outcomes.stream().allMatch(o -> o.status().ok())
                && outcomes.stream().anyMatch(o -> o.status() != OutcomeStatus.SKIPPED);
    }

    /**
     * Whether this moved the address under the agent's own connection: an adapter that carried it ends with another
     * address (or none). Its sockets are then bound to an address the machine no longer has, and neither side
     * would notice for minutes: the agent ends that channel itself.
     */
    public boolean movedAgentConnection() {
        return outcomes.stream().anyMatch(o -> o.carriesAgentConnection() && o.addressBefore() != null
                && !o.addressBefore().equals(o.addressAfter()));
    }

    public List<LeaseOutcome> problems() {
        return outcomes.stream().filter(o -> !o.status().ok()).toList();
    }

    public boolean anyTimedOut() {
        return outcomes.stream().anyMatch(o -> o.status() == OutcomeStatus.TIMED_OUT);
    }

    public boolean allSkipped() {
        return !outcomes.isEmpty() && outcomes.stream().allMatch(o -> o.status() == OutcomeStatus.SKIPPED);
    }

    /** The pipeline's return value: one map per adapter, JDK types only. */
    public ArrayList<Map<String, Object>> toPlainList() {
        ArrayList<Map<String, Object>> list = new ArrayList<>();
        for (LeaseOutcome o : outcomes) {
            list.add(o.toPlain());
        }
        return list;
    }

    /** The whole report as JDK types: for JSON and for the agent-side journal. */
    public Map<String, Object> toPlain() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("requestId", requestId);
        m.put("action", action.word());
        m.put("ok", ok());
        m.put("outcomes", toPlainList());
        return m;
    }

    @SuppressWarnings("unchecked")
    public static LeaseReport fromPlain(Map<String, ?> m) {
        List<LeaseOutcome> outcomes = new ArrayList<>();
        for (Object o : (List<Object>) m.get("outcomes")) {
            outcomes.add(LeaseOutcome.fromPlain((Map<String, ?>) o));
        }
        return new LeaseReport((String) m.get("requestId"), LeaseAction.fromWord((String) m.get("action")), outcomes);
    }
}
