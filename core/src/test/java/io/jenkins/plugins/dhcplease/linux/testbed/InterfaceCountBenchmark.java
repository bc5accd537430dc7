package io.jenkins.plugins.dhcplease.linux.testbed;

import io.jenkins.plugins.dhcplease.engine.LeaseEngine;
import io.jenkins.plugins.dhcplease.linux.LinuxDhcpClient;
import io.jenkins.plugins.dhcplease.linux.detect.ClientKind;
import io.jenkins.plugins.dhcplease.model.LeaseAction;
import io.jenkins.plugins.dhcplease.model.LeaseOutcome;
import io.jenkins.plugins.dhcplease.model.LeaseRequest;
import io.jenkins.plugins.dhcplease.model.OutcomeStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * On demand (root): what the number of interfaces costs a renew. The engine with the Linux backend renews the lab
 * interface (dhcpcd, udhcpc: a renew the running daemon performs) with the lab's 2 interfaces (lo and the DHCP one),
 * then again after 198 more (99 veth pairs, both ends in the lab). Prints medians; asserts nothing.
 *
 * <pre>
 * ./mvnw -B -q -DskipPlugin -pl core test-compile
 * java -cp core/target/classes:core/target/test-classes io.jenkins.plugins.dhcplease.linux.testbed.InterfaceCountBenchmark [reps]
 * </pre>
 */
public final class InterfaceCountBenchmark {

    private InterfaceCountBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (!Testbed.isRoot()) {
            System.err.println("InterfaceCountBenchmark needs root (network namespaces)");
            System.exit(2);
        }
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        System.out.printf(Locale.ROOT, "renew, %d repetitions each, ms: median (min-max)%n", reps);
        System.out.printf(Locale.ROOT, "%-8s %-22s %-22s %s%n", "client", "2 interfaces", "200 interfaces", "ratio");
        for (ClientKind c : List.of(ClientKind.DHCPCD, ClientKind.UDHCPC)) {
            try (Testbed lab = Testbed.create(Testbed.Second.NONE)) {
                lab.startClient(c);
                renew(lab, 3); // warm up the JIT and the page cache
                List<Double> few = renew(lab, reps);
                for (int i = 0; i < 99; i++) {
                    Sh.ok(List.of("ip", "-n", lab.labNamespace(), "link", "add", "bench" + i + "a", "type", "veth", "peer",
                            "name", "bench" + i + "b"));
                }
                renew(lab, 3);
                List<Double> many = renew(lab, reps);
                System.out.printf(Locale.ROOT, "%-8s %-22s %-22s %.2fx%n", c.toolName(), stats(few), stats(many),
                        median(many) / median(few));
            }
        }
    }

    private static List<Double> renew(Testbed lab, int reps) throws Exception {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            LeaseOutcome o = new LeaseEngine(new LinuxDhcpClient(lab.host())).run(LeaseRequest.builder(LeaseAction.RENEW)
                    .selector(lab.clientInterface()).timeout(Duration.ofSeconds(20)).build(), l -> { }).outcomes().get(0);
            out.add((System.nanoTime() - t0) / 1e6);
            if (o.status() != OutcomeStatus.RENEWED) {
                throw new IllegalStateException("renew: " + o);
            }
            Thread.sleep(1_100); // dnsmasq's lease times are whole seconds: the next renew must be able to move them
        }
        return out;
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }

    private static String stats(List<Double> xs) {
        return String.format(Locale.ROOT, "%.0f (%.0f-%.0f)", median(xs), Collections.min(xs), Collections.max(xs));
    }
}
