package io.jenkins.plugins.dhcplease.model;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * What the user asked for, in plain values: it crosses the Jenkins channel as it is.
 *
 * @param id                   unique per request; keys the agent-side journal
 * @param action               release, renew or release-then-renew
 * @param selector             the selector as the user wrote it; null only together with {@code all}
 * @param all                  act on every match (every DHCP adapter when {@code selector} is null)
 * @param timeoutMillis        the longest the whole request may take, waits included
 * @param waitForAddress       confirm the effect (address gone / usable address present) before reporting
 * @param dryRun               report what would be touched and touch nothing
 * @param controllerHost       how the agent reaches the controller (host name or address), null when unknown
 * @param controllerPort       the port of that connection, 0 when unknown
 * @param allowAgentDisconnect allow a plain release of the adapter that carries the agent's connection
 * @param terms                how advice in messages names options: the front end's own words
 * @param expect               an address or CIDR the renewed address must be or fall in, as the user wrote it; null
 *                             when any address will do ({@link AddressRange#parse} judges it)
 * @param verify               the checks to run once a usable address is there, as the user wrote them
 *                             ({@link AddressCheck#parseAll} judges them); empty when none
 */
public record LeaseRequest(
        String id,
        LeaseAction action,
        String selector,
        boolean all,
        long timeoutMillis,
        boolean waitForAddress,
        boolean dryRun,
        String controllerHost,
        int controllerPort,
        boolean allowAgentDisconnect,
        Terms terms,
        String expect,
        List<String> verify) implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    public LeaseRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(terms, "terms");
        if (selector != null && selector.isBlank()) {
            selector = null;
        }
        if (timeoutMillis <= 0) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeoutMillis + " ms");
        }
        if (expect != null && expect.isBlank()) {
            expect = null;
        }
        verify = verify == null ? List.of() : List.copyOf(verify);
    }

    public static Builder builder(LeaseAction action) {
        return new Builder(action);
    }

    public Duration timeout() {
        return Duration.ofMillis(timeoutMillis);
    }

    /** Plain values, as the agent's job files keep the request. */
    public Map<String, Object> toPlain() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("action", action.word());
        m.put("selector", selector);
        m.put("all", all);
        m.put("timeoutMillis", timeoutMillis);
        m.put("waitForAddress", waitForAddress);
        m.put("dryRun", dryRun);
        m.put("controllerHost", controllerHost);
        m.put("controllerPort", controllerPort);
        m.put("allowAgentDisconnect", allowAgentDisconnect);
        m.put("terms", terms.word());
        m.put("expect", expect);
        m.put("verify", new ArrayList<>(verify));
        return m;
    }

    public static LeaseRequest fromPlain(Map<String, ?> m) {
        return new LeaseRequest((String) m.get("id"), LeaseAction.fromWord((String) m.get("action")),
                (String) m.get("selector"), Boolean.TRUE.equals(m.get("all")), ((Number) m.get("timeoutMillis")).longValue(),
                Boolean.TRUE.equals(m.get("waitForAddress")), Boolean.TRUE.equals(m.get("dryRun")),
                (String) m.get("controllerHost"), ((Number) m.get("controllerPort")).intValue(),
                Boolean.TRUE.equals(m.get("allowAgentDisconnect")), Terms.fromWord((String) m.get("terms")),
                (String) m.get("expect"), strings(m.get("verify")));
    }

    private static List<String> strings(Object o) {
        List<String> out = new ArrayList<>();
        if (o instanceof List<?> l) {
            l.forEach(e -> out.add((String) e));
        }
        return out;
    }

    public static final class Builder {
        private String id = UUID.randomUUID().toString();
        private final LeaseAction action;
        private String selector;
        private boolean all;
        private Duration timeout = DEFAULT_TIMEOUT;
        private boolean waitForAddress = true;
        private boolean dryRun;
        private String controllerHost;
        private int controllerPort;
        private boolean allowAgentDisconnect;
        private Terms terms = Terms.PIPELINE;
        private String expect;
        private List<String> verify = List.of();

        private Builder(LeaseAction action) {
            this.action = action;
        }

        public Builder id(String id) { this.id = id; return this; }
        public Builder selector(String selector) { this.selector = selector; return this; }
        public Builder all(boolean all) { this.all = all; return this; }
        public Builder timeout(Duration timeout) { this.timeout = timeout; return this; }
        public Builder waitForAddress(boolean wait) { this.waitForAddress = wait; return this; }
        public Builder dryRun(boolean dryRun) { this.dryRun = dryRun; return this; }
        public Builder controller(String host, int port) { this.controllerHost = host; this.controllerPort = port; return this; }
        public Builder allowAgentDisconnect(boolean allow) { this.allowAgentDisconnect = allow; return this; }
        public Builder terms(Terms terms) { this.terms = terms; return this; }
        public Builder expect(String expect) { this.expect = expect; return this; }
        public Builder verify(List<String> verify) { this.verify = verify; return this; }

        public LeaseRequest build() {
            return new LeaseRequest(id, action, selector, all, timeout.toMillis(), waitForAddress, dryRun,
                    controllerHost, controllerPort, allowAgentDisconnect, terms, expect, verify);
        }
    }
}
