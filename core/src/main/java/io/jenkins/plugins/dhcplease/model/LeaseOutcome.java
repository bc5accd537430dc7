package io.jenkins.plugins.dhcplease.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What happened to one adapter.
 *
 * @param errorCode the OS code of the failing call (Win32 code, or a Linux client's exit code); 0 when none
 * @param message   why it was skipped, failed or timed out, with what to do; null when it simply worked
 */
public record LeaseOutcome(
        String adapter,
        String adapterId,
        int index,
        String mac,
        LeaseAction action,
        OutcomeStatus status,
        String addressBefore,
        String addressAfter,
        String dhcpServer,
        Instant leaseObtained,
        Instant leaseExpires,
        long elapsedMillis,
        int errorCode,
        String message,
        boolean carriesAgentConnection,
        List<CheckResult> checks) {

    public LeaseOutcome {
        Objects.requireNonNull(adapter, "adapter");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(status, "status");
        checks = checks == null ? List.of() : List.copyOf(checks);
    }

    /** The outcome with the adapter's identity and "before" facts filled in; the engine completes the rest. */
    public static LeaseOutcome of(NetworkAdapter a, LeaseAction action, OutcomeStatus status, boolean carriesAgentConnection) {
        return new LeaseOutcome(a.name(), a.id(), a.index(), a.mac(), action, status, a.primaryAddress(), a.primaryAddress(),
                a.dhcpServer(), a.leaseObtained(), a.leaseExpires(), 0, 0, null, carriesAgentConnection, List.of());
    }

    public LeaseOutcome withStatus(OutcomeStatus s, int code, String msg) {
        return new LeaseOutcome(adapter, adapterId, index, mac, action, s, addressBefore, addressAfter, dhcpServer,
                leaseObtained, leaseExpires, elapsedMillis, code, msg, carriesAgentConnection, checks);
    }

    /** Takes the "after" facts from the adapter as it is now; after a release the server stays the one released to. */
    public LeaseOutcome withAfter(NetworkAdapter now) {
        return new LeaseOutcome(adapter, adapterId, index, mac, action, status, addressBefore, now.primaryAddress(),
                now.dhcpServer() != null ? now.dhcpServer() : dhcpServer, now.leaseObtained(), now.leaseExpires(), elapsedMillis, errorCode, message,
                carriesAgentConnection, checks);
    }

    public LeaseOutcome withElapsed(long millis) {
        return new LeaseOutcome(adapter, adapterId, index, mac, action, status, addressBefore, addressAfter, dhcpServer,
                leaseObtained, leaseExpires, millis, errorCode, message, carriesAgentConnection, checks);
    }

    /** The results of the checks run after the renew ({@code expect}, {@code verify}), in the order they ran. */
    public LeaseOutcome withChecks(List<CheckResult> results) {
        return new LeaseOutcome(adapter, adapterId, index, mac, action, status, addressBefore, addressAfter, dhcpServer,
                leaseObtained, leaseExpires, elapsedMillis, errorCode, message, carriesAgentConnection, results);
    }

    /** {@code Ethernet 2 (index 12)}, as {@link NetworkAdapter#label()} names the adapter. */
    public String label() {
        return NetworkAdapter.label(adapter, index);
    }

    /** Plain JDK values: what a sandboxed pipeline script reads without approval, and what JSON shows. */
    public Map<String, Object> toPlain() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("adapter", adapter);
        m.put("adapterId", adapterId);
        m.put("index", index);
        m.put("mac", mac);
        m.put("action", action.word());
        m.put("status", status.word());
        m.put("addressBefore", addressBefore);
        m.put("addressAfter", addressAfter);
        m.put("dhcpServer", dhcpServer);
        m.put("leaseObtained", leaseObtained == null ? null : leaseObtained.toString());
        m.put("leaseExpires", leaseExpires == null ? null : leaseExpires.toString());
        m.put("elapsedMillis", elapsedMillis);
        m.put("errorCode", errorCode);
        m.put("message", message);
        m.put("agentConnection", carriesAgentConnection);
        List<Object> c = new ArrayList<>();
        checks.forEach(r -> c.add(r.toPlain()));
        m.put("checks", c);
        return m;
    }

    public static LeaseOutcome fromPlain(Map<String, ?> m) {
        return new LeaseOutcome(
                (String) m.get("adapter"),
                (String) m.get("adapterId"),
                ((Number) m.get("index")).intValue(),
                (String) m.get("mac"),
                LeaseAction.fromWord((String) m.get("action")),
                OutcomeStatus.fromWord((String) m.get("status")),
                (String) m.get("addressBefore"),
                (String) m.get("addressAfter"),
                (String) m.get("dhcpServer"),
                instant(m.get("leaseObtained")),
                instant(m.get("leaseExpires")),
                ((Number) m.get("elapsedMillis")).longValue(),
                ((Number) m.get("errorCode")).intValue(),
                (String) m.get("message"),
                Boolean.TRUE.equals(m.get("agentConnection")),
                checks(m.get("checks")));
    }

    /** Absent in outcomes written before checks existed (a job journal from an older agent): no checks. */
    @SuppressWarnings("unchecked")
    private static List<CheckResult> checks(Object o) {
        List<CheckResult> out = new ArrayList<>();
        if (o instanceof List<?> l) {
            l.forEach(e -> out.add(CheckResult.fromPlain((Map<String, ?>) e)));
        }
        return out;
    }

    private static Instant instant(Object o) {
        return o == null ? null : Instant.parse((String) o);
    }
}
