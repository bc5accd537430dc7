package io.jenkins.plugins.dhcplease.steps;

import hudson.model.Run;
import io.jenkins.plugins.dhcplease.model.CheckResult;
import io.jenkins.plugins.dhcplease.model.LeaseOutcome;
import io.jenkins.plugins.dhcplease.model.LeaseReport;
import io.jenkins.plugins.dhcplease.model.OutcomeLine;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import jenkins.model.RunAction2;

/**
 * Every {@code dhcpRelease}, {@code dhcpRenew} and {@code dhcpAdapters} call of a build, in the order they ended: a
 * summary on the build page and a page of its own ({@code dhcp-lease/}) with one row per adapter. Kept with the
 * build (build.xml) as plain strings, so that the page does not depend on core's classes.
 */
public final class LeaseRunAction implements RunAction2 {

    static final String URL_NAME = "dhcp-lease";
    private static final Logger LOGGER = Logger.getLogger(LeaseRunAction.class.getName());

    private final List<Call> calls = new ArrayList<>();
    private transient Run<?, ?> run;

    /** Adds {@code call} to the build's record (creating it on the first call) and saves the build. */
    static void record(Run<?, ?> run, Call call) {
        // parallel branches end on different threads: one record per build, calls appended under one lock
        synchronized (LeaseRunAction.class) {
            LeaseRunAction action = run.getAction(LeaseRunAction.class);
            if (action == null) {
                action = new LeaseRunAction();
                run.addAction(action);
            }
            action.calls.add(call);
        }
        try {
            run.save();
        } catch (IOException e) {
            // the page still shows the call until the controller restarts
            LOGGER.log(Level.WARNING, "could not save the DHCP lease record of " + run, e);
        }
    }

    /** The build-relative link of the page, for the step's log line. */
    static String url(Run<?, ?> run) {
        return "/" + run.getUrl() + URL_NAME + "/";
    }

    public synchronized List<Call> getCalls() {
        return List.copyOf(calls);
    }

    /** How many adapters each status has, over every call: {@code 3 renewed, 1 failed}. */
    public synchronized String getSummary() {
        Map<String, Long> counts = calls.stream().flatMap(c -> c.getRows().stream())
                .collect(Collectors.groupingBy(Row::getStatus, java.util.LinkedHashMap::new, Collectors.counting()));
        long refused = calls.stream().filter(c -> c.getError() != null).count();
        List<String> parts = new ArrayList<>();
        counts.forEach((status, n) -> parts.add(n + " " + status));
        if (refused > 0) {
            parts.add(refused + " without outcome");
        }
        return calls.size() + (calls.size() == 1 ? " call" : " calls") + (parts.isEmpty() ? "" : ": " + String.join(", ", parts));
    }

    public Run<?, ?> getRun() {
        return run;
    }

    @Override
    public String getIconFileName() {
        return "symbol-computer";
    }

    @Override
    public String getDisplayName() {
        return Messages.RunAction_DisplayName();
    }

    @Override
    public String getUrlName() {
        return URL_NAME;
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        this.run = r;
    }

    /** One step call on one agent. */
    public static final class Call implements Serializable {
        private static final long serialVersionUID = 1L;

        private final String function;
        private final String agent;
        private final long endedMillis;
        private final String error;
        private final List<Row> rows;

        Call(String function, String agent, String error, List<Row> rows) {
            this.function = function;
            this.agent = agent;
            this.endedMillis = System.currentTimeMillis();
            this.error = error;
            this.rows = new ArrayList<>(rows); // XStream writes it to build.xml: a plain ArrayList reads back
        }

        /** A release or renew that ran (whatever its outcomes). */
        static Call of(String function, String agent, LeaseReport report) {
            return new Call(function, agent, null, report.outcomes().stream().map(Row::of).toList());
        }

        /** A call that ended without outcomes: refused before anything changed, or its outcome could not be collected. */
        static Call refused(String function, String agent, String message) {
            return new Call(function, agent, message, List.of());
        }

        /** A {@code dhcpAdapters} inventory: one row per adapter listed. */
        static Call inventory(String function, String agent, List<Map<String, Object>> adapters) {
            return new Call(function, agent, null, adapters.stream().map(Row::listed).toList());
        }

        public String getFunction() {
            return function;
        }

        public String getAgent() {
            return agent;
        }

        public String getEnded() {
            return OutcomeLine.time(java.time.Instant.ofEpochMilli(endedMillis));
        }

        public String getError() {
            return error;
        }

        public List<Row> getRows() {
            return rows;
        }
    }

    /** One adapter of a call, as a person reads it. */
    public static final class Row implements Serializable {
        private static final long serialVersionUID = 1L;

        private final String adapter;
        private final String status;
        private final boolean ok;
        private final String before;
        private final String after;
        private final String server;
        private final String leaseUntil;
        private final String checks;
        private final String time;
        private final String message;

        private Row(String adapter, String status, boolean ok, String before, String after, String server,
                    String leaseUntil, String checks, String time, String message) {
            this.adapter = adapter;
            this.status = status;
            this.ok = ok;
            this.before = before;
            this.after = after;
            this.server = server;
            this.leaseUntil = leaseUntil;
            this.checks = checks;
            this.time = time;
            this.message = message;
        }

        static Row of(LeaseOutcome o) {
            String checks = o.checks().stream().map(CheckResult::brief).collect(Collectors.joining(", "));
            return new Row(o.label(), o.status().word(), o.status().ok(), dash(o.addressBefore()), dash(o.addressAfter()),
                    dash(o.dhcpServer()), o.leaseExpires() == null ? "-" : OutcomeLine.time(o.leaseExpires()),
                    checks.isEmpty() ? "-" : checks, OutcomeLine.seconds(o.elapsedMillis()), o.message());
        }

        @SuppressWarnings("unchecked")
        static Row listed(Map<String, Object> a) {
            List<Map<String, Object>> addresses = (List<Map<String, Object>>) a.get("addresses");
            String address = addresses == null || addresses.isEmpty() ? "-"
                    : addresses.stream().map(m -> m.get("address") + " " + m.get("origin")).collect(Collectors.joining(", "));
            Object expires = a.get("leaseExpires");
            return new Row(a.get("name") + " (index " + a.get("index") + ")",
                    Boolean.TRUE.equals(a.get("dhcpEnabled")) ? "listed (DHCP)" : "listed (static)", true, address,
                    address, dash((String) a.get("dhcpServer")),
                    expires == null ? "-" : OutcomeLine.time(java.time.Instant.parse((String) expires)),
                    "-", "-", Boolean.TRUE.equals(a.get("agentConnection")) ? "carries the agent's connection" : null);
        }

        private static String dash(String s) {
            return s == null ? "-" : s;
        }

        public String getAdapter() {
            return adapter;
        }

        public String getStatus() {
            return status;
        }

        public boolean isOk() {
            return ok;
        }

        /** {@code 10.0.0.5 → 10.0.0.7}, or one address when nothing moved. */
        public String getAddresses() {
            return before.equals(after) ? after : before + " → " + after;
        }

        public String getServer() {
            return server;
        }

        public String getLeaseUntil() {
            return leaseUntil;
        }

        public String getChecks() {
            return checks;
        }

        public String getTime() {
            return time;
        }

        public String getMessage() {
            return message;
        }
    }
}
