package io.jenkins.plugins.dhcplease.engine;

import io.jenkins.plugins.dhcplease.model.LeaseException;
import io.jenkins.plugins.dhcplease.model.LeaseOutcome;
import io.jenkins.plugins.dhcplease.model.LeaseReport;
import io.jenkins.plugins.dhcplease.model.LeaseRequest;
import io.jenkins.plugins.dhcplease.model.NetworkAdapter;
import io.jenkins.plugins.dhcplease.model.OutcomeLine;
import io.jenkins.plugins.dhcplease.model.OutcomeStatus;
import io.jenkins.plugins.dhcplease.model.RenewChecks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a request: inventory → {@link LeasePlan} (pure) → one {@link AdapterRun} per adapter to act on (the backend
 * acts, the run observes) → the report. Adapters of one request run side by side under the request's single deadline.
 */
public final class LeaseEngine {

    /** How often an adapter is read while waiting for an effect; small next to any DHCP exchange. */
    public static final Duration DEFAULT_POLL = Duration.ofMillis(20);
    /** Beyond the deadline, how long to wait for workers to write their outcome after their own waits ended. */
    private static final long GRACE_MILLIS = 2_000;

    private final DhcpClient client;
    private final AgentConnection connection;
    private final Duration poll;
    private final AddressChecks network;

    /** An engine with no agent connection to protect (tests, the CLI without --controller). */
    public LeaseEngine(DhcpClient client) {
        this(client, AgentConnection.NONE, DEFAULT_POLL);
    }

    public LeaseEngine(DhcpClient client, AgentConnection connection) {
        this(client, connection, DEFAULT_POLL);
    }

    public LeaseEngine(DhcpClient client, AgentConnection connection, Duration poll) {
        this(client, connection, poll, AddressChecks.NONE);
    }

    /** @param network runs the {@code verify} checks; {@link AddressChecks#NONE} refuses requests that have any */
    public LeaseEngine(DhcpClient client, AgentConnection connection, Duration poll, AddressChecks network) {
        this.client = Objects.requireNonNull(client);
        this.connection = Objects.requireNonNull(connection);
        this.poll = Objects.requireNonNull(poll);
        this.network = Objects.requireNonNull(network);
    }

    public LeaseEngine(DhcpClient client, AgentConnection connection, AddressChecks network) {
        this(client, connection, DEFAULT_POLL, network);
    }

    public List<NetworkAdapter> inventory() throws LeaseException {
        return client.adapters();
    }

    /** Which adapters of {@code inventory} carry the connection to protect, as the caller's seam tells. */
    public ConnectionFacts connection(List<NetworkAdapter> inventory) {
        return connection.find(inventory);
    }

    public LeaseReport run(LeaseRequest request, LeaseLog log) throws LeaseException, InterruptedException {
        Deadline deadline = Deadline.after(request.timeout());
        RenewChecks checks = checks(request);
        client.beginRun(deadline, !request.dryRun(), log);
        List<NetworkAdapter> inventory = client.adapters();
        LeasePlan plan = LeasePlan.of(request, inventory, connection.find(inventory), client::renewInterruptsAddress);
        List<LeasePlan.Step> toAct = plan.toAct();
        List<LeaseOutcome> acted = act(request, toAct, deadline, log, checks);
        List<LeaseOutcome> outcomes = new ArrayList<>();
        int next = 0;
        for (LeasePlan.Step s : plan.steps()) {
            outcomes.add(s.acts() ? acted.get(next++) : s.outcome());
        }
        return new LeaseReport(request.id(), request.action(), outcomes);
    }

    /** {@code expect} and {@code verify} judged before anything is read or changed. */
    private RenewChecks checks(LeaseRequest request) throws LeaseException {
        RenewChecks checks = RenewChecks.of(request);
        if (!checks.verify().isEmpty() && network == AddressChecks.NONE) {
            throw new LeaseException(LeaseException.Kind.UNSUPPORTED, "verify checks cannot run here: this caller"
                    + " supplies no network checks. Nothing was changed.");
        }
        return checks;
    }

    private List<LeaseOutcome> act(LeaseRequest request, List<LeasePlan.Step> steps, Deadline deadline, LeaseLog log,
                                   RenewChecks checks) throws InterruptedException {
        if (steps.isEmpty()) {
            return List.of();
        }
        ExecutorService workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "dhcp-lease worker");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<LeaseOutcome>> futures = new ArrayList<>();
            for (LeasePlan.Step s : steps) {
                futures.add(workers.submit(() -> new AdapterRun(client, poll, request, s, deadline, log, checks, network)
                        .call()));
            }
            List<LeaseOutcome> out = new ArrayList<>();
            for (int i = 0; i < steps.size(); i++) {
                out.add(collect(futures.get(i), steps.get(i), request, deadline));
            }
            return out;
        } finally {
            workers.shutdownNow();
        }
    }

    private static LeaseOutcome collect(Future<LeaseOutcome> f, LeasePlan.Step step, LeaseRequest request,
                                        Deadline deadline) throws InterruptedException {
        LeaseOutcome base = LeaseOutcome.of(step.adapter(), request.action(), OutcomeStatus.FAILED, step.carriesConnection());
        try {
            return f.get(deadline.remainingMillis() + GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return base.withStatus(OutcomeStatus.TIMED_OUT, 0, "no result by the deadline of "
                    + OutcomeLine.seconds(request.timeoutMillis()) + "; the OS may still be working on it")
                    .withElapsed(request.timeoutMillis());
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            return base.withStatus(OutcomeStatus.FAILED, 0, "internal error: " + c + "; please report it with the build log");
        }
    }
}
