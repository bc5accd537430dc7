package io.jenkins.plugins.dhcplease.steps;

import io.jenkins.plugins.dhcplease.model.LeaseOutcome;
import io.jenkins.plugins.dhcplease.model.LeaseReport;
import io.jenkins.plugins.dhcplease.model.OutcomeLine;
import io.jenkins.plugins.dhcplease.model.OutcomeStatus;
import java.io.PrintStream;
import java.util.List;
import java.util.stream.Collectors;

/** Prints one line per adapter and decides whether the step failed. */
final class ReportPrinter {

    private ReportPrinter() {
    }

    static void print(String function, LeaseReport report, PrintStream log) {
        for (LeaseOutcome o : report.outcomes()) {
            log.println(function + ": " + OutcomeLine.format(o));
        }
    }

    /** Null when the step succeeded, else the message it fails with (all lines are already printed). */
    static String failure(String function, LeaseReport report) {
        if (report.ok()) {
            return null;
        }
        List<LeaseOutcome> problems = report.problems();
        if (problems.isEmpty()) {
            // Nothing failed, yet nothing was acted on: every adapter was skipped (or none was listed).
            String reasons = report.outcomes().stream()
                    .filter(o -> o.status() == OutcomeStatus.SKIPPED)
                    .map(OutcomeLine::format)
                    .collect(Collectors.joining("; "));
            return Messages.Report_NothingDone(function, reasons);
        }
        String who = problems.size() == 1 ? "1 adapter" : problems.size() + " adapters";
        return Messages.Report_Problems(function, who,
                problems.stream().map(ReportPrinter::brief).collect(Collectors.joining("; ")));
    }

    /** {@code Ethernet 2 (index 12) failed (error 1231)}: the lines above carry the explanation. */
    private static String brief(LeaseOutcome o) {
        return o.label() + " " + o.status().word()
                + (o.errorCode() == 0 ? "" : " (error " + o.errorCode() + ")");
    }
}
