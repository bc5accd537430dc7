package io.jenkins.plugins.dhcplease.linux.testbed;

import io.jenkins.plugins.dhcplease.engine.Deadline;
import io.jenkins.plugins.dhcplease.engine.DhcpClient;
import io.jenkins.plugins.dhcplease.engine.LeaseEngine;
import io.jenkins.plugins.dhcplease.engine.OperationResult;
import io.jenkins.plugins.dhcplease.linux.LinuxDhcpClient;
import io.jenkins.plugins.dhcplease.linux.detect.ClientKind;
import io.jenkins.plugins.dhcplease.model.LeaseAction;
import io.jenkins.plugins.dhcplease.model.LeaseException;
import io.jenkins.plugins.dhcplease.model.LeaseOutcome;
import io.jenkins.plugins.dhcplease.model.LeaseRequest;
import io.jenkins.plugins.dhcplease.model.NetworkAdapter;
import io.jenkins.plugins.dhcplease.model.OutcomeStatus;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * On demand (root): the engine with the Linux backend against the bare client commands on a testbed, per client and
 * action, and how long after the effect (the kernel's address event) the engine reported it. Prints a table;
 * asserts nothing.
 *
 * <pre>
 * ./mvnw -B -q -DskipPlugin -pl core test-compile
 * java -cp core/target/classes:core/target/test-classes io.jenkins.plugins.dhcplease.linux.testbed.LeaseBenchmark [reps]
 * </pre>
 */
public final class LeaseBenchmark {

    private static final long EFFECT_TIMEOUT_MILLIS = 15_000;

    private final Testbed lab;
    private final ClientKind client;
    private final AddressMonitor monitor;
    private final String ifname;

    private LeaseBenchmark(Testbed lab, ClientKind client, AddressMonitor monitor) {
        this.lab = lab;
        this.client = client;
        this.monitor = monitor;
        this.ifname = lab.clientInterface();
    }

    public static void main(String[] args) throws Exception {
        if (!Testbed.isRoot()) {
            System.err.println("LeaseBenchmark needs root (network namespaces)");
            System.exit(2);
        }
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        System.out.printf(Locale.ROOT, "%d repetitions each; times in ms, medians (min-max); poll lag = engine's report minus"
                + " the later of the kernel's address event and the client command's return%n%n", reps);
        System.out.printf(Locale.ROOT, "%-9s %-19s %-22s %-22s %-6s %-14s%n", "client", "action", "bare client",
                "engine", "ratio", "poll lag (max)");
        for (ClientKind c : List.of(ClientKind.UDHCPC, ClientKind.DHCPCD, ClientKind.DHCLIENT)) {
            try (Testbed lab = Testbed.create(Testbed.Second.NONE)) {
                lab.startClient(c);
                try (AddressMonitor mon = new AddressMonitor(lab.labNamespace())) {
                    LeaseBenchmark b = new LeaseBenchmark(lab, c, mon);
                    for (LeaseAction a : LeaseAction.values()) {
                        b.measure(a, reps);
                    }
                }
            }
        }
    }

    private void measure(LeaseAction action, int reps) throws Exception {
        List<Double> bare = new ArrayList<>();
        List<Double> engine = new ArrayList<>();
        List<Double> lag = new ArrayList<>();
        Predicate<AddressMonitor.Event> effect = action == LeaseAction.RELEASE
                ? e -> e.deleted() && e.ifname().equals(ifname)
                : e -> !e.deleted() && e.ifname().equals(ifname);
        for (int i = 0; i < reps; i++) {
            // bare: done when the commands have returned and the effect has happened
            Instant t0 = Instant.now();
            bareCommands(action);
            Instant returned = Instant.now();
            AddressMonitor.Event done = monitor.await(action == LeaseAction.RELEASE_THEN_RENEW ? afterRelease(t0) : t0,
                    effect, EFFECT_TIMEOUT_MILLIS).orElseThrow(() -> new IllegalStateException("no effect of bare " + action));
            bare.add(millisBetween(t0, later(returned, done.at())));
            restore(action);

            TimedClient timed = new TimedClient(new LinuxDhcpClient(lab.host()));
            t0 = Instant.now();
            long n0 = System.nanoTime();
            LeaseOutcome o = new LeaseEngine(timed)
                    .run(LeaseRequest.builder(action).selector(ifname).timeout(Duration.ofSeconds(30)).build(), l -> { })
                    .outcomes().get(0);
            double millis = (System.nanoTime() - n0) / 1e6;
            Instant reported = Instant.now();
            if (o.status() != (action == LeaseAction.RELEASE ? OutcomeStatus.RELEASED : OutcomeStatus.RENEWED)) {
                throw new IllegalStateException("engine " + action + " with " + client + ": " + o);
            }
            AddressMonitor.Event seen = monitor.last(t0, reported, effect)
                    .orElseThrow(() -> new IllegalStateException("no kernel event for the engine's " + action));
            engine.add(millis);
            // what polling adds: from the moment the effect was there and the client's command had returned
            lag.add(millisBetween(later(seen.at(), timed.lastReturn), reported));
            restore(action);
        }
        double b = median(bare);
        double e = median(engine);
        System.out.printf(Locale.ROOT, "%-9s %-19s %-22s %-22s %-6s %-14s%n", client.toolName(), action.word(),
                stats(bare), stats(engine), String.format(Locale.ROOT, "%.2fx", e / b),
                String.format(Locale.ROOT, "%.1f (%.1f)", median(lag), Collections.max(lag)));
    }

    /** For release-then-renew the effect is the address that comes back after the release removed it. */
    private Instant afterRelease(Instant t0) throws InterruptedException {
        return monitor.await(t0, e -> e.deleted() && e.ifname().equals(ifname), EFFECT_TIMEOUT_MILLIS)
                .orElseThrow(() -> new IllegalStateException("no release seen")).at();
    }

    /** What a user would type: the client's own commands, through its daemon's pid/lease files. */
    private void bareCommands(LeaseAction action) {
        if (action.releases()) {
            Sh.ok(release());
        }
        if (action == LeaseAction.RELEASE_THEN_RENEW) {
            try {
                afterRelease(Instant.now().minusSeconds(5));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            Sh.ok(reacquire());
        } else if (action == LeaseAction.RENEW) {
            for (List<String> cmd : renew()) {
                Sh.ok(cmd);
            }
        }
    }

    private void restore(LeaseAction action) {
        if (action == LeaseAction.RELEASE) {
            Sh.ok(reacquire());
        }
        lab.waitForAddress(ifname, EFFECT_TIMEOUT_MILLIS);
        lab.host().state().clearRelease(ifname);
        Testbed.sleep(50);
    }

    private List<String> release() {
        return switch (client) {
            case DHCLIENT -> withFlag(lab.clientCommand(client, ifname), "-r");
            case DHCPCD -> List.of("ip", "netns", "exec", lab.labNamespace(), "dhcpcd", "-4", "-k", ifname);
            case UDHCPC -> List.of("kill", "-USR2", udhcpcPid());
            default -> throw new IllegalArgumentException(client.toolName());
        };
    }

    private List<List<String>> renew() {
        return switch (client) {
            case DHCLIENT -> List.of(withFlag(lab.clientCommand(client, ifname), "-x"),
                    withFlag(lab.clientCommand(client, ifname), "-1"));
            case DHCPCD -> List.of(List.of("ip", "netns", "exec", lab.labNamespace(), "dhcpcd", "-4", "-N", ifname));
            case UDHCPC -> List.of(List.of("kill", "-USR1", udhcpcPid()));
            default -> throw new IllegalArgumentException(client.toolName());
        };
    }

    /** After a release: dhclient and dhcpcd have exited and start again; udhcpc idles and starts over on USR1. */
    private List<String> reacquire() {
        return switch (client) {
            case DHCLIENT -> withFlag(lab.clientCommand(client, ifname), "-1");
            case DHCPCD -> lab.clientCommand(client, ifname);
            case UDHCPC -> List.of("kill", "-USR1", udhcpcPid());
            default -> throw new IllegalArgumentException(client.toolName());
        };
    }

    private String udhcpcPid() {
        try {
            return Files.readString(lab.dir().resolve("udhcpc-" + ifname + ".pid")).trim();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> withFlag(List<String> argv, String flag) {
        List<String> out = new ArrayList<>(argv);
        out.add(5, flag); // ip netns exec NS dhclient <flag> ...
        return out;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** Notes when the last release/renew call returned to the engine. */
    private static final class TimedClient implements DhcpClient {
        private final DhcpClient delegate;
        volatile Instant lastReturn = Instant.EPOCH;

        TimedClient(DhcpClient delegate) {
            this.delegate = delegate;
        }

        @Override
        public List<NetworkAdapter> adapters() throws LeaseException {
            return delegate.adapters();
        }

        @Override
        public OperationResult release(NetworkAdapter adapter, Deadline deadline) throws InterruptedException {
            OperationResult r = delegate.release(adapter, deadline);
            lastReturn = Instant.now();
            return r;
        }

        @Override
        public OperationResult renew(NetworkAdapter adapter, Deadline deadline) throws InterruptedException {
            OperationResult r = delegate.renew(adapter, deadline);
            lastReturn = Instant.now();
            return r;
        }
    }

    private static double millisBetween(Instant a, Instant b) {
        return Duration.between(a, b).toNanos() / 1e6;
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private static String stats(List<Double> xs) {
        return String.format(Locale.ROOT, "%.0f (%.0f-%.0f)", median(xs), Collections.min(xs), Collections.max(xs));
    }
}
