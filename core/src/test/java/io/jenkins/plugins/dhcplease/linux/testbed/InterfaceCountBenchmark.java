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
 * then again after 198 more (99 veth pairs, both ends in the lab). Prints the wall time (medians; noisy on a shared
 * machine) and the CPU time per renew of this JVM and of the commands it ran (from /proc/self/stat: the kernel adds
 * waited-for children's time to cutime/cstime), which load on other cores does not move. Asserts nothing.
 *
 * <pre>
 * ./mvnw -B -q -DskipPlugin -pl core test-compile
 * java -cp core/target/classes:core/target/test-classes io.jenkins.plugins.dhcplease.linux.testbed.InterfaceCountBenchmark [reps [dhcpcd,udhcpc]]
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
        System.out.printf(Locale.ROOT, "renew, %d repetitions each; wall ms: median (min-max); cpu ms per renew: jvm +"
                + " commands%n", reps);
        System.out.printf(Locale.ROOT, "%-8s %-18s %-12s %-18s %-12s %s%n", "client", "2: wall", "2: cpu", "200: wall",
                "200: cpu", "wall ratio");
        List<ClientKind> clients = args.length > 1 ? java.util.Arrays.stream(args[1].split(","))
                .map(ClientKind::fromToolName).toList() : List.of(ClientKind.DHCPCD, ClientKind.UDHCPC);
        for (ClientKind c : clients) {
            try (Testbed lab = Testbed.create(Testbed.Second.NONE)) {
                lab.startClient(c);
                renew(lab, 3); // warm up the JIT and the page cache
                long[] c0 = cpu();
                List<Double> few = renew(lab, reps);
                String fewCpu = cpuPerRenew(c0, cpu(), reps);
                for (int i = 0; i < 99; i++) {
                    Sh.ok(List.of("ip", "-n", lab.labNamespace(), "link", "add", "bench" + i + "a", "type", "veth", "peer",
                            "name", "bench" + i + "b"));
                }
                renew(lab, 3);
                long[] c1 = cpu();
                List<Double> many = renew(lab, reps);
                String manyCpu = cpuPerRenew(c1, cpu(), reps);
                System.out.printf(Locale.ROOT, "%-8s %-18s %-12s %-18s %-12s %.2fx%n", c.toolName(), stats(few), fewCpu,
                        stats(many), manyCpu, median(many) / median(few));
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

    /** utime+stime and cutime+cstime of this JVM, in clock ticks (USER_HZ, 100 per second). */
    private static long[] cpu() throws java.io.IOException {
        String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields 14-17 of proc(5), counted from the state (field 3) here
        return new long[] {Long.parseLong(f[11]) + Long.parseLong(f[12]), Long.parseLong(f[13]) + Long.parseLong(f[14])};
    }

    private static String cpuPerRenew(long[] from, long[] to, int reps) {
        return String.format(Locale.ROOT, "%.0f + %.0f", (to[0] - from[0]) * 10.0 / reps, (to[1] - from[1]) * 10.0 / reps);
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
