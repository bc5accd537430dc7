package io.jenkins.plugins.dhcplease.windows;

import io.jenkins.plugins.dhcplease.engine.Deadline;
import io.jenkins.plugins.dhcplease.linux.command.ProcessCommandRunner;
import io.jenkins.plugins.dhcplease.linux.inventory.IpInventory;
import io.jenkins.plugins.dhcplease.linux.inventory.Link;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Wine's IP Helper inside a network namespace of awkward adapters: runs iphlpapi_dumper.exe there under Wine (a
 * private WINEPREFIX, no display) while a listener holds its two TCP connections, and records what Wine's own
 * {@code ipconfig /all}, the kernel ({@code ip -j}) and {@code ss -tnp} say at the same moment. Everything it makes
 * (namespace, its /etc/netns files, the Wine prefix and server, processes) is gone when {@link #record} returns;
 * only the recording's directory stays, for the caller to delete.
 *
 * <pre>
 * nät0 (10.77.5.2/24)           == veth ==  longname1234567 (169.254.10.20/16: APIPA; 15 characters)
 * multi0 (10.77.1.2/24, 10.77.2.2/24, fd77::2/64; default via 10.77.1.1)  == veth ==  multi0p (port of br0)
 * br0 (bridge, 10.77.4.1/24)
 * nocarrier0 (up, 10.77.6.2/24) == veth ==  down0 (admin down, 10.77.3.2/24): nocarrier0 has no carrier
 * </pre>
 */
final class WineLab {
    static final String NON_ASCII = "nät0";
    static final String LONG_NAME = "longname1234567";
    static final String MULTI = "multi0";
    static final String BRIDGE_PORT = "multi0p";
    static final String BRIDGE = "br0";
    static final String NO_CARRIER = "nocarrier0";
    static final String DOWN = "down0";
    static final String GATEWAY = "10.77.1.1";
    static final String V4_TARGET = "10.77.1.2";
    static final String V6_TARGET = "fd77::2";

    private static final String PREFIX = "dw";
    /** Where each lab keeps its Wine prefix (~700 MB) and recording, in a directory named after its namespace. */
    private static final Path BASE = Path.of(System.getProperty("java.io.tmpdir"), "dhcp-lease-wine");
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Duration COMMAND = Duration.ofSeconds(20);
    /** wineboot's first start: measured 5-10 s on the 2-core build machine. */
    private static final Duration WINEBOOT = Duration.ofSeconds(120);
    /** Wine prints for a redirected console in the OEM code page, 437 for the C and English locales. */
    private static final Charset OEM = Charset.forName("IBM437");

    /** One row of {@code ss -tnpH}: the kernel's view of a TCP socket and who holds it. */
    record SsRow(String state, String local, int localPort, String remote, int remotePort, String users) {
    }

    /** What was recorded; {@code dir} holds the dump. */
    record Recording(Path dir, Path dump, String ipconfig, List<Link> kernel, List<SsRow> ss, int listenPort4,
            int listenPort6, long winebootMillis, long totalMillis) {
    }

    private WineLab() {
    }

    /** The Wine loader: Debian's wine64 package puts it in /usr/lib/wine; elsewhere it may be on the PATH. */
    static Optional<Path> wine() {
        return Stream.of(Path.of("/usr/lib/wine/wine64"), Path.of("/usr/bin/wine64"), Path.of("/usr/bin/wine"))
                .filter(Files::isExecutable).findFirst();
    }

    static Path wineserver(Path wine) {
        Path s = wine.resolveSibling("wineserver");
        return Files.isExecutable(s) ? s : wine.resolveSibling("wineserver64");
    }

    static Recording record(Path wine, Path nativeDir) throws Exception {
        long start = System.nanoTime();
        cleanStale();
        String ns = PREFIX + Long.toString(ProcessHandle.current().pid(), 36) + "-" + COUNTER.incrementAndGet();
        Path dir = Files.createDirectories(BASE.resolve(ns));
        Path prefix = dir.resolve("prefix");
        Path etc = Path.of("/etc/netns", ns);
        Process listener = null;
        Process dumper = null;
        try {
            // ip netns exec bind-mounts these over /etc: anything in the namespace that writes them writes these
            Files.createDirectories(etc);
            Files.writeString(etc.resolve("resolv.conf"), "# dhcp-lease Wine test namespace " + ns + "\n");
            Files.writeString(etc.resolve("hostname"), ns + "\n");
            sh("ip", "netns", "add", ns);
            build(ns);

            Map<String, String> env = wineEnvironment(prefix);
            long bootStart = System.nanoTime();
            try {
                run(env, WINEBOOT, "ip", "netns", "exec", ns, wine.toString(), "wineboot", "-i");
            } catch (IllegalStateException e) {
                // Seen once in ~10 runs, on a loaded machine: a first wineboot that cannot load kernel32.dll
                // (c0000135) in a brand-new prefix, and a second one in a fresh prefix that works. One retry.
                if (e.getMessage() == null || !e.getMessage().contains("c0000135")) {
                    throw e;
                }
                deleteTree(prefix);
                run(env, WINEBOOT, "ip", "netns", "exec", ns, wine.toString(), "wineboot", "-i");
            }
            long bootMillis = (System.nanoTime() - bootStart) / 1_000_000;

            listener = new ProcessBuilder("ip", "netns", "exec", ns, nativeDir.resolve("tcp_listener").toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader fromListener = reader(listener);
            String[] ports = line(fromListener, "LISTENING", Duration.ofSeconds(10), listener).split(" ");
            int p4 = Integer.parseInt(ports[1]);
            int p6 = Integer.parseInt(ports[2]);

            Path dump = dir.resolve("dump.bin");
            ProcessBuilder dpb = new ProcessBuilder("ip", "netns", "exec", ns, wine.toString(),
                    nativeDir.resolve("iphlpapi_dumper.exe").toString(), "Z:" + dump.toString().replace('/', '\\'),
                    V4_TARGET, Integer.toString(p4), V6_TARGET, Integer.toString(p6))
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            dpb.environment().putAll(env);
            dpb.environment().remove("DISPLAY");
            dpb.environment().remove("WAYLAND_DISPLAY");
            dumper = dpb.start();
            line(reader(dumper), "DUMPED", Duration.ofSeconds(60), dumper);

            // the connections exist now, held by the dumper until the listener lets go: read every other view
            List<SsRow> ss = ss(sh("ip", "netns", "exec", ns, "ss", "-tnpH"));
            String ipconfig = run(env, COMMAND, "ip", "netns", "exec", ns, wine.toString(), "ipconfig", "/all");
            List<Link> kernel = new IpInventory(ProcessCommandRunner.inNamespace(ns)).links(Deadline.after(Duration.ofSeconds(10)));

            listener.getOutputStream().close(); // EOF: the listener closes the connections, the dumper exits
            await(dumper, Duration.ofSeconds(40), "iphlpapi_dumper.exe");
            await(listener, Duration.ofSeconds(10), "tcp_listener");
            return new Recording(dir, dump, ipconfig, kernel, ss, p4, p6, bootMillis,
                    (System.nanoTime() - start) / 1_000_000);
        } finally {
            destroy(dumper);
            destroy(listener);
            stopWine(wine, prefix);
            killAll(ns);
            ProcessCommandRunner.direct().run(List.of("ip", "netns", "del", ns),
                    io.jenkins.plugins.dhcplease.engine.Deadline.after(COMMAND));
            deleteTree(etc);
            deleteTree(prefix);
            deleteTree(prefix.resolveSibling("home"));
        }
    }

    private static void build(String ns) throws Exception {
        ip(ns, "link", "set", "lo", "up");
        ip(ns, "link", "add", NON_ASCII, "address", "02:00:5e:10:00:01", "type", "veth", "peer", "name", LONG_NAME,
                "address", "02:00:5e:10:00:02");
        ip(ns, "link", "add", MULTI, "address", "02:00:5e:10:00:03", "type", "veth", "peer", "name", BRIDGE_PORT,
                "address", "02:00:5e:10:00:04");
        ip(ns, "link", "add", NO_CARRIER, "address", "02:00:5e:10:00:05", "type", "veth", "peer", "name", DOWN,
                "address", "02:00:5e:10:00:06");
        ip(ns, "link", "add", BRIDGE, "address", "02:00:5e:10:00:07", "type", "bridge", "forward_delay", "0");
        ip(ns, "link", "set", BRIDGE_PORT, "master", BRIDGE);
        ip(ns, "addr", "add", "10.77.5.2/24", "dev", NON_ASCII);
        ip(ns, "addr", "add", "169.254.10.20/16", "dev", LONG_NAME);
        ip(ns, "addr", "add", "10.77.1.2/24", "dev", MULTI);
        ip(ns, "addr", "add", "10.77.2.2/24", "dev", MULTI);
        ip(ns, "addr", "add", V6_TARGET + "/64", "dev", MULTI, "nodad");
        ip(ns, "addr", "add", "10.77.4.1/24", "dev", BRIDGE);
        ip(ns, "addr", "add", "10.77.6.2/24", "dev", NO_CARRIER);
        ip(ns, "addr", "add", "10.77.3.2/24", "dev", DOWN);
        for (String up : List.of(NON_ASCII, LONG_NAME, MULTI, BRIDGE_PORT, BRIDGE, NO_CARRIER)) {
            ip(ns, "link", "set", up, "up");
        }
        ip(ns, "route", "add", "default", "via", GATEWAY, "dev", MULTI);
        // the bridge gets its carrier from its port a moment later
        long end = System.nanoTime() + 5_000_000_000L;
        while (!sh("ip", "-n", ns, "-o", "link", "show", BRIDGE).contains("LOWER_UP")) {
            if (System.nanoTime() - end > 0) {
                throw new IllegalStateException(BRIDGE + " got no carrier within 5 s");
            }
            Thread.sleep(20);
        }
    }

    private static Map<String, String> wineEnvironment(Path prefix) {
        return Map.of("WINEPREFIX", prefix.toString(), "WINEDEBUG", "-all",
                // no Mono or Gecko installer dialog on the first start; no menu entries written for the prefix
                "WINEDLLOVERRIDES", "mscoree,mshtml=;winemenubuilder.exe=d", "LC_ALL", "C.UTF-8",
                // and whatever Wine still writes under $HOME (~/.local, ~/.config, ~/.cache) stays in the lab
                "HOME", prefix.resolveSibling("home").toString());
    }

    /** Stops the prefix's wineserver (and with it every Wine process) and removes its socket directory. */
    private static void stopWine(Path wine, Path prefix) {
        if (!Files.isDirectory(prefix)) {
            return;
        }
        try {
            run(wineEnvironment(prefix), COMMAND, wineserver(wine).toString(), "-k");
        } catch (Exception e) {
            // no server running; the namespace's processes are killed next anyway
        }
        try {
            // wineserver's socket directory: /tmp/.wine-UID/server-DEV-INODE of the prefix
            long dev = ((Number) Files.getAttribute(prefix, "unix:dev")).longValue();
            long ino = ((Number) Files.getAttribute(prefix, "unix:ino")).longValue();
            long uid = ((Number) Files.getAttribute(prefix, "unix:uid")).longValue();
            deleteTree(Path.of("/tmp/.wine-" + uid, "server-" + Long.toHexString(dev) + "-" + Long.toHexString(ino)));
        } catch (IOException | UnsupportedOperationException e) {
            // nothing to remove
        }
    }

    /** Namespaces, /etc/netns entries and prefixes of Wine labs whose JVM is gone (killed mid-run). */
    private static void cleanStale() throws Exception {
        for (String line : sh("ip", "netns", "list").split("\n")) {
            String name = line.trim().split("\\s+")[0];
            if (stale(name)) {
                killAll(name);
                sh("ip", "netns", "del", name);
            }
        }
        for (Path parent : List.of(Path.of("/etc/netns"), BASE)) {
            try (Stream<Path> dirs = Files.list(parent)) {
                dirs.filter(d -> stale(d.getFileName().toString())).forEach(WineLab::deleteTree);
            } catch (IOException e) {
                // nothing there yet
            }
        }
    }

    /** dw&lt;pid in base 36&gt;-&lt;n&gt; of a JVM that is no longer running. */
    private static boolean stale(String name) {
        if (!name.matches(PREFIX + "[0-9a-z]+-[0-9]+")) {
            return false;
        }
        long pid = Long.parseLong(name.substring(PREFIX.length(), name.indexOf('-')), 36);
        return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    }

    private static void killAll(String ns) {
        try {
            for (String w : sh("ip", "netns", "pids", ns).split("\\s+")) {
                if (!w.isBlank()) {
                    ProcessHandle.of(Long.parseLong(w.trim())).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        } catch (Exception e) {
            // namespace already gone
        }
    }

    static List<SsRow> ss(String out) {
        List<SsRow> rows = new ArrayList<>();
        for (String line : out.split("\n")) {
            String[] w = line.trim().split("\\s+", 6);
            if (w.length >= 5) {
                int l = w[3].lastIndexOf(':');
                int r = w[4].lastIndexOf(':');
                rows.add(new SsRow(w[0], unbracket(w[3].substring(0, l)), Integer.parseInt(w[3].substring(l + 1)),
                        unbracket(w[4].substring(0, r)), Integer.parseInt(w[4].substring(r + 1)), w.length > 5 ? w[5] : ""));
            }
        }
        return rows;
    }

    private static String unbracket(String host) {
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    private static void ip(String ns, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("ip", "-n", ns));
        argv.addAll(List.of(args));
        sh(argv.toArray(String[]::new));
    }

    private static String sh(String... argv) throws Exception {
        return run(Map.of(), COMMAND, argv);
    }

    /** Runs a command to its end within {@code limit}; its output (OEM-decoded, which is ASCII for iproute2). */
    private static String run(Map<String, String> env, Duration limit, String... argv) throws Exception {
        Path out = Files.createTempFile("wine-lab", ".out");
        try {
            ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().putAll(env);
            pb.environment().remove("DISPLAY");
            pb.environment().remove("WAYLAND_DISPLAY");
            Process p = pb.start();
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", argv) + " did not finish within " + limit);
            }
            String text = new String(Files.readAllBytes(out), OEM);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", argv) + " exited " + p.exitValue() + ":\n" + text);
            }
            return text;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static BufferedReader reader(Process p) {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
    }

    /** Waits for the first line that starts with {@code word}; the process's end or the deadline fail. */
    private static String line(BufferedReader in, String word, Duration limit, Process p) throws Exception {
        CompletableFuture<String> f = CompletableFuture.supplyAsync(() -> {
            try {
                for (String l = in.readLine(); l != null; l = in.readLine()) {
                    if (l.startsWith(word)) {
                        return l.trim();
                    }
                }
                return null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try {
            String l = f.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            if (l == null) {
                throw new IllegalStateException(p.info().command().orElse("process") + " ended (exit "
                        + p.waitFor() + ") without printing " + word);
            }
            return l;
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("no " + word + " within " + limit + " from " + p.info().command().orElse("?"));
        }
    }

    private static void await(Process p, Duration limit, String what) throws InterruptedException {
        if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(what + " did not exit within " + limit);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(what + " exited " + p.exitValue());
        }
    }

    private static void destroy(Process p) {
        if (p != null && p.isAlive()) {
            p.destroyForcibly();
        }
    }

    static void deleteTree(Path d) {
        if (!Files.exists(d, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(d)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort; the prefix lives in the temporary directory
        }
    }
}
