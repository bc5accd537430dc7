package io.jenkins.plugins.dhcplease.engine;

import io.jenkins.plugins.dhcplease.agent.AgentConnectionProbe;
import io.jenkins.plugins.dhcplease.model.AddressOrigin;
import io.jenkins.plugins.dhcplease.model.AddressState;
import io.jenkins.plugins.dhcplease.model.Ipv4Address;
import io.jenkins.plugins.dhcplease.model.LeaseAction;
import io.jenkins.plugins.dhcplease.model.LeaseException;
import io.jenkins.plugins.dhcplease.model.LeaseOutcome;
import io.jenkins.plugins.dhcplease.model.LeaseReport;
import io.jenkins.plugins.dhcplease.model.LeaseRequest;
import io.jenkins.plugins.dhcplease.model.NetworkAdapter;
import io.jenkins.plugins.dhcplease.model.OutcomeLine;
import io.jenkins.plugins.dhcplease.model.OutcomeStatus;
import io.jenkins.plugins.dhcplease.select.AdapterSelection;
import io.jenkins.plugins.dhcplease.select.AdapterSelector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The one place with the rules: inventory, selection, safety, preconditions, the calls, and the wait for their
 * effect. Adapters of one request are handled side by side, all bounded by the request's single deadline.
 */
public final class LeaseEngine {

    /** How often the inventory is read while waiting for an effect; small next to any DHCP exchange. */
    public static final Duration DEFAULT_POLL = Duration.ofMillis(20);
    private static final long PROGRESS_EVERY_MILLIS = 10_000;
    private static final long FIRST_PAUSE_MILLIS = 5;
    /** Beyond the deadline, how long to wait for workers to write their outcome after their own waits ended. */
    private static final long GRACE_MILLIS = 2_000;
    /** The note on an outcome reported without waiting for its effect. */
    static final String NOT_CONFIRMED = "not confirmed: waiting for the effect was turned off (waitForAddress: false,"
            + " CLI --no-wait)";

    private final DhcpClient client;
    private final AgentConnectionProbe probe;
    private final Duration poll;

    public LeaseEngine(DhcpClient client) {
        this(client, AgentConnectionProbe.ROUTING_TABLE, DEFAULT_POLL);
    }

    public LeaseEngine(DhcpClient client, AgentConnectionProbe probe, Duration poll) {
        this.client = Objects.requireNonNull(client);
        this.probe = Objects.requireNonNull(probe);
        this.poll = Objects.requireNonNull(poll);
    }

    public List<NetworkAdapter> inventory() throws LeaseException {
        return client.adapters();
    }

    /** Ids of the adapters holding the local address used to reach {@code host}: they carry the agent's connection. */
    public Set<String> agentConnectionAdapters(List<NetworkAdapter> inventory, String host, int port) {
        Optional<String> local = probe.localAddressTowards(host, port);
        if (local.isEmpty()) {
            return Set.of();
        }
        return inventory.stream()
                .filter(a -> a.addresses().stream().anyMatch(ad -> ad.address().equals(local.get())))
                .map(NetworkAdapter::id)
                .collect(Collectors.toUnmodifiableSet());
    }

    public LeaseReport run(LeaseRequest request, LeaseLog log) throws LeaseException, InterruptedException {
        Deadline deadline = Deadline.after(request.timeout());
        AdapterSelector selector = request.selector() == null ? null : AdapterSelector.parse(request.selector());
        client.beginRun(deadline, !request.dryRun(), log);
        List<NetworkAdapter> inventory = client.adapters();
        Set<String> carrying = agentConnectionAdapters(inventory, request.controllerHost(), request.controllerPort());
        List<NetworkAdapter> chosen = AdapterSelection.choose(inventory, selector, request.all(), carrying);
        refuseStranding(request, chosen, carrying);
        if (request.action() == LeaseAction.RELEASE && request.controllerHost() != null && carrying.isEmpty()
                && !request.dryRun()) {
            // the safety check above had nothing to check against: say so rather than pass silently
            log.line("warning: cannot tell which adapter carries this agent's connection to " + request.controllerHost()
                    + " (the name does not resolve here, or the route to it uses no listed adapter), so this release"
                    + " is not checked against it. If it is the adapter being released, use a release-then-renew"
                    + " (dhcpRenew releaseFirst: true, CLI renew --release-first) instead.");
        }

        List<LeaseOutcome> planned = new ArrayList<>();
        List<NetworkAdapter> toAct = new ArrayList<>();
        for (NetworkAdapter a : chosen) {
            LeaseOutcome base = LeaseOutcome.of(a, request.action(), OutcomeStatus.SKIPPED, carrying.contains(a.id()));
            String skip = skipReason(a);
            if (skip != null) {
                planned.add(base.withStatus(OutcomeStatus.SKIPPED, 0, skip));
            } else if (request.dryRun()) {
                planned.add(base.withStatus(OutcomeStatus.DRY_RUN, 0, wouldDo(request.action(), a)));
            } else {
                planned.add(null);
                toAct.add(a);
            }
        }
        List<LeaseOutcome> acted = act(request, toAct, carrying, deadline, log);
        List<LeaseOutcome> outcomes = new ArrayList<>();
        int next = 0;
        for (LeaseOutcome o : planned) {
            outcomes.add(o != null ? o : acted.get(next++));
        }
        return new LeaseReport(request.id(), request.action(), outcomes);
    }

    private static void refuseStranding(LeaseRequest request, List<NetworkAdapter> chosen, Set<String> carrying) throws LeaseException {
        if (request.action() != LeaseAction.RELEASE || request.allowAgentDisconnect()) {
            return;
        }
        for (NetworkAdapter a : chosen) {
            // a static or down adapter is skipped, not released: it cannot strand anything
            if (carrying.contains(a.id()) && skipReason(a) == null) {
                throw new LeaseException(LeaseException.Kind.REFUSED, a.label() + " carries this agent's connection to the"
                        + " controller (" + a.primaryAddress() + " → " + request.controllerHost() + "). Releasing its lease"
                        + " would cut the agent off, and a later renew could never reach it. Release and renew in one"
                        + " operation instead — dhcpRenew(releaseFirst: true), CLI: renew --release-first — or, if the agent"
                        + " can recover on its own, allow it explicitly (allowAgentDisconnect: true, CLI:"
                        + " --allow-agent-disconnect). Nothing was changed.");
            }
        }
    }

    private static String skipReason(NetworkAdapter a) {
        if (!a.dhcpEnabled()) {
            String addr = a.primaryAddress();
            return "DHCP is not enabled on this adapter" + (addr == null ? "" : " (static " + addr + ")")
                    + "; only a DHCP adapter has a lease to release or renew";
        }
        if (!a.up()) {
            return "the adapter is down (disconnected or disabled); connect or enable it, then run again";
        }
        return null;
    }

    private static String wouldDo(LeaseAction action, NetworkAdapter a) {
        String lease = a.primaryAddress() == null ? "(no address now)" : a.primaryAddress()
                + (a.dhcpServer() == null ? "" : " from " + a.dhcpServer())
                + (a.leaseExpires() == null ? "" : ", lease until " + OutcomeLine.time(a.leaseExpires()));
        return switch (action) {
            case RELEASE -> "would release " + lease;
            case RENEW -> "would renew " + lease;
            case RELEASE_THEN_RENEW -> "would release and renew " + lease;
        };
    }

    private List<LeaseOutcome> act(LeaseRequest request, List<NetworkAdapter> adapters, Set<String> carrying,
                                   Deadline deadline, LeaseLog log) throws InterruptedException {
        if (adapters.isEmpty()) {
            return List.of();
        }
        ExecutorService workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "dhcp-lease worker");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<LeaseOutcome>> futures = new ArrayList<>();
            for (NetworkAdapter a : adapters) {
                futures.add(workers.submit(() -> new AdapterRun(request, a, carrying.contains(a.id()), deadline, log).call()));
            }
            List<LeaseOutcome> out = new ArrayList<>();
            for (int i = 0; i < adapters.size(); i++) {
                out.add(collect(futures.get(i), adapters.get(i), request, carrying, deadline));
            }
            return out;
        } finally {
            workers.shutdownNow();
        }
    }

    private static LeaseOutcome collect(Future<LeaseOutcome> f, NetworkAdapter a, LeaseRequest request, Set<String> carrying,
                                        Deadline deadline) throws InterruptedException {
        LeaseOutcome base = LeaseOutcome.of(a, request.action(), OutcomeStatus.FAILED, carrying.contains(a.id()));
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

    /** One adapter's release / renew / release-then-renew, from the first call to the confirmed effect. */
    private final class AdapterRun {
        private final LeaseRequest request;
        private final NetworkAdapter before;
        private final Deadline deadline;
        private final LeaseLog log;
        private final long started = System.nanoTime();
        private final LeaseOutcome outcome;

        AdapterRun(LeaseRequest request, NetworkAdapter before, boolean carries, Deadline deadline, LeaseLog log) {
            this.request = request;
            this.before = before;
            this.deadline = deadline;
            this.log = log;
            this.outcome = LeaseOutcome.of(before, request.action(), OutcomeStatus.FAILED, carries);
        }

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
                    if (gone.gone) {
                        return end(OutcomeStatus.FAILED, 0, before.label() + " disappeared after the release was accepted:"
                                + " it is no longer among the OS's adapters (deleted, or renamed)", now);
                    }
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
            Poll got = waitFor(this::renewed, "a usable DHCP address");
            if (got.met) {
                return end(OutcomeStatus.RENEWED, 0, null, got.last);
            }
            if (got.gone) {
                return end(OutcomeStatus.FAILED, 0, before.label() + " disappeared while waiting for its new lease: it is"
                        + " no longer among the OS's adapters (deleted, or renamed). Nothing is left to renew; find out what"
                        + " removed it, then run again on the adapter as it is now", got.last);
            }
            Optional<Ipv4Address> apipa = got.last.addresses().stream().filter(Ipv4Address::isLinkLocal).findFirst();
            if (apipa.isPresent() && got.last.usableDhcpAddress().isEmpty()) {
                return end(OutcomeStatus.FAILED, 0, "the adapter got only the link-local address " + apipa.get().address()
                        + " (APIPA): no DHCP server answered. Check that the DHCP server is up and reachable from this"
                        + " adapter's network, then renew again", got.last);
            }
            // only the DHCP address counts: a static address still in duplicate address detection is not the answer
            Optional<Ipv4Address> unusable = got.last.addresses().stream()
                    .filter(a -> a.origin() == AddressOrigin.DHCP && a.state() != AddressState.USABLE).findFirst();
            if (unusable.isPresent() && unusable.get().state() == AddressState.TENTATIVE) {
                return end(OutcomeStatus.TIMED_OUT, 0, "the address " + unusable.get().address() + " is still tentative"
                        + " at the deadline (duplicate address detection); it may become usable shortly", got.last);
            }
            if (unusable.isPresent()) {
                return end(OutcomeStatus.FAILED, 0, "the DHCP address " + unusable.get().address() + " is not usable:"
                        + " duplicate address detection failed (another host uses it) or the OS marked it invalid. Find"
                        + " the other host (arp, the DHCP server's log) or fix the server's scope, then renew again",
                        got.last);
            }
            return end(OutcomeStatus.TIMED_OUT, 0, "no usable DHCP address by the deadline"
                    + (got.last.usableDhcpAddress().isPresent() ? " (the lease on record did not change)" : "")
                    + ": the DHCP server has not answered. Check that it is reachable, or raise the timeout"
                    + got.error(), got.last);
        }

        /** A usable DHCP address, and proof that it comes from this renew rather than the lease before it. */
        private boolean renewed(NetworkAdapter a) {
            if (a.usableDhcpAddress().isEmpty()) {
                return false;
            }
            if (client.renewConfirmedOnReturn() || before.leaseObtained() == null || a.leaseObtained() == null) {
                return true;
            }
            return !before.leaseObtained().equals(a.leaseObtained());
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
            long nextProgress = System.nanoTime() + PROGRESS_EVERY_MILLIS * 1_000_000;
            boolean synchronous = client.renewConfirmedOnReturn();
            int polls = 0;
            while (true) {
                try {
                    Optional<NetworkAdapter> now = client.adapter(before.id());
                    if (now.isEmpty()) {
                        return new Poll(false, last, "the adapter is no longer in the inventory", true);
                    }
                    error = null;
                    if (now.isPresent()) {
                        last = now.get();
                        if (condition.test(last)) {
                            return new Poll(true, last, null, false);
                        }
                        // IpRenewAddress returned: an APIPA address is the final answer, not a step on the way.
                        if (synchronous && last.usableDhcpAddress().isEmpty()
                                && last.addresses().stream().anyMatch(Ipv4Address::isLinkLocal)) {
                            return new Poll(false, last, null, false);
                        }
                    }
                } catch (LeaseException e) {
                    error = e.getMessage();
                }
                if (deadline.expired()) {
                    return new Poll(false, last, error, false);
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
    }

    private record Poll(boolean met, NetworkAdapter last, String lastError, boolean gone) {
        String error() {
            return lastError == null ? "" : " (last inventory read: " + lastError + ")";
        }
    }
}
