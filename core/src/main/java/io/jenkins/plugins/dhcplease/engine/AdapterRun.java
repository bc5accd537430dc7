package io.jenkins.plugins.dhcplease.engine;

import io.jenkins.plugins.dhcplease.model.LeaseException;
import io.jenkins.plugins.dhcplease.model.LeaseOutcome;
import io.jenkins.plugins.dhcplease.model.LeaseRequest;
import io.jenkins.plugins.dhcplease.model.NetworkAdapter;
import io.jenkins.plugins.dhcplease.model.OutcomeLine;
import io.jenkins.plugins.dhcplease.model.OutcomeStatus;
import io.jenkins.plugins.dhcplease.model.RenewChecks;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/** One adapter's release / renew / release-then-renew, from the first call to the observed effect. */
final class AdapterRun {

    /** The note on an outcome reported without waiting for its effect. */
    static final String NOT_CONFIRMED = "not confirmed: waiting for the effect was turned off (waitForAddress: false,"
            + " CLI --no-wait)";
    private static final long PROGRESS_EVERY_MILLIS = 10_000;
    private static final long FIRST_PAUSE_MILLIS = 5;

    private final DhcpClient client;
    private final Duration poll;
    private final LeaseRequest request;
    private final NetworkAdapter before;
    private final Deadline deadline;
    private final LeaseLog log;
    private final long started = System.nanoTime();
    private final LeaseOutcome outcome;
    private final RenewChecks checks;
    private final AddressChecks network;

    AdapterRun(DhcpClient client, Duration poll, LeaseRequest request, LeasePlan.Step step, Deadline deadline, LeaseLog log,
               RenewChecks checks, AddressChecks network) {
        this.checks = checks;
        this.network = network;
        this.client = client;
        this.poll = poll;
        this.request = request;
        this.before = step.adapter();
        this.deadline = deadline;
        this.log = log;
        this.outcome = LeaseOutcome.of(before, request.action(), OutcomeStatus.FAILED, step.carriesConnection());
    }

    /** One run per adapter at a time: the backend's claim (Linux: a lock per interface) brackets the whole run. */
    LeaseOutcome call() throws InterruptedException {
        OperationResult claimed = client.claim(before, deadline);
        if (!claimed.ok()) {
            return end(OutcomeStatus.FAILED, claimed.code(), claimed.message(), before);
        }
        try {
            return act();
        } finally {
            client.unclaim(before);
        }
    }

    private LeaseOutcome act() throws InterruptedException {
        NetworkAdapter now = before;
        if (request.action().releases()) {
            log.line(before.label() + ": releasing " + Objects.requireNonNullElse(before.primaryAddress(), "(no address)") + " …");
            Optional<OperationResult> r = BoundedCall.run("dhcp-lease release " + before.name(),
                    () -> client.release(before, deadline), deadline);
            if (r.isEmpty()) {
                return end(OutcomeStatus.TIMED_OUT, 0, "the release call was still running in the OS at the deadline;"
                        + " it may still complete. Raise the timeout if the DHCP client is slow", now);
            }
            if (!r.get().ok()) {
                return end(OutcomeStatus.FAILED, r.get().code(), r.get().message(), now);
            }
            if (request.waitForAddress() || request.action().renews()) {
                Poll gone = waitFor(a -> !a.hasDhcpAddress(), "the DHCP address to go");
                now = gone.last;
                if (!gone.met) {
                    return end(OutcomeStatus.TIMED_OUT, 0, "the release was accepted, but the adapter still holds its DHCP"
                            + " address " + now.primaryAddress() + " at the deadline" + gone.error(), now);
                }
            }
            if (!request.action().renews()) {
                return end(OutcomeStatus.RELEASED, 0, request.waitForAddress() ? null : NOT_CONFIRMED,
                        request.waitForAddress() ? now : current().orElse(now));
            }
        }
        log.line(before.label() + ": renewing" + (request.action().releases() ? " after the release" : "") + " …");
        Optional<OperationResult> r = BoundedCall.run("dhcp-lease renew " + before.name(),
                () -> client.renew(before, deadline), deadline);
        if (r.isEmpty()) {
            return end(OutcomeStatus.TIMED_OUT, 0, "the renew call was still running in the OS at the deadline: no DHCP"
                    + " server has answered yet, and the OS keeps trying. Check that the DHCP server is reachable, or raise"
                    + " the timeout", current().orElse(now));
        }
        if (!r.get().ok()) {
            return end(OutcomeStatus.FAILED, r.get().code(), r.get().message(), current().orElse(now));
        }
        if (!request.waitForAddress()) {
            return end(OutcomeStatus.RENEWED, 0, NOT_CONFIRMED, current().orElse(now));
        }
        Poll got = waitFor(a -> RenewVerdict.renewed(before, a, client.renewConfirmedOnReturn()), "a usable DHCP address");
        if (got.met) {
            return checks.none() ? end(OutcomeStatus.RENEWED, 0, null, got.last) : checked(got.last);
        }
        RenewVerdict verdict = RenewVerdict.notRenewed(got.last, got.gone, got.lastError);
        return end(verdict.status(), 0, verdict.message(), got.last);
    }

    /** Renewed: the outcome stands only if {@code expect} and every {@code verify} check pass. */
    private LeaseOutcome checked(NetworkAdapter now) throws InterruptedException {
        RenewCheckRun run = RenewCheckRun.run(checks, network, now, deadline, log);
        return run.failure() == null ? end(OutcomeStatus.RENEWED, 0, null, now).withChecks(run.results())
                : end(OutcomeStatus.FAILED, 0, run.failure(), now).withChecks(run.results());
    }

    private LeaseOutcome end(OutcomeStatus status, int code, String message, NetworkAdapter after) {
        long elapsed = (System.nanoTime() - started) / 1_000_000;
        return outcome.withStatus(status, code, message).withAfter(after).withElapsed(elapsed);
    }

    private Optional<NetworkAdapter> current() {
        try {
            return client.adapter(before.id());
        } catch (LeaseException e) {
            return Optional.empty();
        }
    }

    private Poll waitFor(Predicate<NetworkAdapter> condition, String what) throws InterruptedException {
        NetworkAdapter last = before;
        String error = null;
        boolean gone = false;
        long nextProgress = System.nanoTime() + PROGRESS_EVERY_MILLIS * 1_000_000;
        boolean synchronous = client.renewConfirmedOnReturn();
        int polls = 0;
        while (true) {
            try {
                Optional<NetworkAdapter> now = client.adapter(before.id());
                gone = now.isEmpty();
                error = gone ? "the adapter is no longer in the inventory" : null;
                if (now.isPresent()) {
                    last = now.get();
                    if (condition.test(last)) {
                        return new Poll(true, last, false, null);
                    }
                    if (synchronous && RenewVerdict.settledOnApipa(last)) {
                        return new Poll(false, last, false, null);
                    }
                }
            } catch (LeaseException e) {
                error = e.getMessage();
            }
            if (deadline.expired()) {
                return new Poll(false, last, gone, error);
            }
            if (System.nanoTime() - nextProgress >= 0) {
                log.line(before.label() + ": still waiting for " + what + " ("
                        + OutcomeLine.seconds(deadline.remainingMillis()) + " left)");
                nextProgress += PROGRESS_EVERY_MILLIS * 1_000_000;
            }
            // Fast clients finish within a few ms of the call: look again soon, then settle at the poll interval.
            long pause = Math.min(poll.toMillis(), FIRST_PAUSE_MILLIS << Math.min(polls++, 4));
            Thread.sleep(Math.max(1, Math.min(pause, deadline.remainingMillis())));
        }
    }

    private record Poll(boolean met, NetworkAdapter last, boolean gone, String lastError) {
        String error() {
            return lastError == null ? "" : " (last inventory read: " + lastError + ")";
        }
    }
}
