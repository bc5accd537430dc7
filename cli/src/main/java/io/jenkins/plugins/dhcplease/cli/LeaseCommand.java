package io.jenkins.plugins.dhcplease.cli;

import io.jenkins.plugins.dhcplease.model.LeaseAction;
import io.jenkins.plugins.dhcplease.model.LeaseException;
import io.jenkins.plugins.dhcplease.model.LeaseOutcome;
import io.jenkins.plugins.dhcplease.model.LeaseReport;
import io.jenkins.plugins.dhcplease.model.LeaseRequest;
import io.jenkins.plugins.dhcplease.model.OutcomeLine;
import io.jenkins.plugins.dhcplease.model.Terms;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Option;

/** What release and renew share: the selector, the deadline, and how the outcome is printed. */
abstract class LeaseCommand extends EngineCommand {

    @Option(names = {"-a", "--adapter"}, paramLabel = "SELECTOR",
            description = "The adapter: a name or glob (matched against name and description, case-insensitive),"
                    + " index:N, mac:00-15-5D-01-02-03 or guid:{...}. Without it, --all means every DHCP adapter.")
    String adapter;
    @Option(names = "--all", description = "Act on every adapter the selector matches (every DHCP adapter without"
            + " --adapter) instead of requiring exactly one.")
    boolean all;
    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "The longest the whole operation may take, waits included: 60s, 2m, 500ms (default: ${DEFAULT-VALUE}).")
    Duration timeout;
    @Option(names = "--no-wait", description = "Do not wait for the effect (address gone / usable address present).")
    boolean noWait;
    @Option(names = "--dry-run", description = "Show what would be touched; touch nothing.")
    boolean dryRun;

    abstract LeaseAction action();

    /** Options only one command has. */
    LeaseRequest.Builder refine(LeaseRequest.Builder b) {
        return b;
    }

    private void print(LeaseReport report, PrintWriter out, PrintWriter err) {
        if (json) {
            out.println(Json.write(report.toPlain()));
        } else {
            for (LeaseOutcome o : report.outcomes()) {
                out.println(OutcomeLine.format(o));
            }
            if (report.allSkipped()) {
                err.println("dhcp-lease: nothing was done: every selected adapter was skipped (see above).");
            }
        }
        out.flush();
        err.flush();
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            LeaseRequest request = refine(LeaseRequest.builder(action()).selector(adapter).all(all).timeout(timeout)
                    .waitForAddress(!noWait).dryRun(dryRun).controller(controller.host(), controller.port())
                    .terms(Terms.CLI)).build();
            try (InterruptGuard guard = new InterruptGuard(request, InterruptGuard.selectorArgs(adapter, all), err)) {
                LeaseReport report = engine().run(request, guard.watch(line -> {
                    err.println(line);
                    err.flush();
                }));
                print(report, out, err);
                return ExitCodes.of(report);
            }
        } catch (LeaseException e) {
            return fail(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("dhcp-lease: interrupted; the OS may still be working on the request");
            return ExitCodes.INTERNAL;
        }
    }
}
