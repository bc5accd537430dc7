package io.jenkins.plugins.dhcplease.model;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The one line per adapter that the build log and the CLI print. */
public final class OutcomeLine {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    private OutcomeLine() {
    }

    /** e.g. {@code Ethernet 2 (index 12): renewed 10.0.0.5 → 10.0.0.7 from 10.0.0.1, lease until 2026-11-26 09:12, 1.8 s}. */
    public static String format(LeaseOutcome o) {
        String who = o.label() + ": ";
        String took = seconds(o.elapsedMillis());
        return who + status(o, took) + checks(o);
    }

    private static String status(LeaseOutcome o, String took) {
        return switch (o.status()) {
            case RENEWED -> "renewed " + arrow(o) + from(o) + until(o) + ", " + took + note(o);
            case RELEASED -> "released " + or(o.addressBefore(), "(no address)") + (o.dhcpServer() == null ? "" : " (server " + o.dhcpServer() + ")")
                    + ", " + took + note(o);
            case DRY_RUN, SKIPPED -> o.status().word() + ": " + o.message();
            case FAILED -> "failed" + code(o) + ": " + o.message() + ", " + took;
            case TIMED_OUT -> "timed out after " + took + code(o) + ": " + o.message();
        };
    }

    /** {@code ; checks: expect 10.20.0.0/24 passed (0 ms), gateway passed (3 ms)}, or nothing when none ran. */
    private static String checks(LeaseOutcome o) {
        return o.checks().isEmpty() ? "" : "; checks: " + String.join(", ", o.checks().stream().map(CheckResult::brief).toList());
    }

    public static String time(Instant t) {
        return TIME.format(t.atZone(ZoneId.systemDefault()));
    }

    /** 1.8 s, 0.1 s, 12 s. */
    public static String seconds(long millis) {
        return millis < 10_000 ? String.format(Locale.ROOT, "%.1f s", millis / 1000.0) : (millis / 1000) + " s";
    }

    private static String arrow(LeaseOutcome o) {
        return or(o.addressBefore(), "(none)") + " → " + or(o.addressAfter(), "(none)");
    }

    private static String from(LeaseOutcome o) {
        return o.dhcpServer() == null ? "" : " from " + o.dhcpServer();
    }

    private static String until(LeaseOutcome o) {
        return o.leaseExpires() == null ? "" : ", lease until " + time(o.leaseExpires());
    }

    private static String code(LeaseOutcome o) {
        return o.errorCode() == 0 ? "" : " (error " + o.errorCode() + ")";
    }

    private static String note(LeaseOutcome o) {
        return o.message() == null ? "" : " (" + o.message() + ")";
    }

    private static String or(String s, String fallback) {
        return s == null ? fallback : s;
    }
}
