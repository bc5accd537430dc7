package io.jenkins.plugins.dhcplease.linux.testbed;

import io.jenkins.plugins.dhcplease.linux.detect.ClientKind;
import io.jenkins.plugins.dhcplease.linux.LinuxHost;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real DHCP server and a real DHCP client on one machine, isolated in network namespaces (see
 * reference/linux-dhcp-testbed.md):
 *
 * <pre>
 * netns ID-srv: veth ID-s 198.18.0.1/24 + dnsmasq  &lt;== veth ==&gt;  netns ID-lab: veth ID-c (fixed MAC) + client
 * optional second lab interface ID-c2 (fixed MAC), either
 *   STATIC: 198.19.0.2/24, its peer ID-p2 198.19.0.1/24 in netns ID-peer (a second network the lab reaches), or
 *   DHCP:   served by the same dnsmasq from ID-s2 198.18.1.1/24 (range 198.18.1.100-109)
 * </pre>
 *
 * The ID holds this JVM's pid, so a later run recognises and removes what a crashed run left behind. No host
 * interface, file under /etc, or host-wide client state outside the ID's names is touched: the clients run with the
 * testbed's own hook scripts, pid files, lease files and configuration.
 */
public final class Testbed implements AutoCloseable {

    public static final String CLIENT_MAC = "02:00:5e:00:53:01";
    public static final String SECOND_MAC = "02:00:5e:00:53:02";
    public static final String SERVER_ADDRESS = "198.18.0.1";
    public static final String SECOND_SERVER_ADDRESS = "198.18.1.1";
    public static final String STATIC_ADDRESS = "198.19.0.2";
    public static final String PEER_ADDRESS = "198.19.0.1";
    /** Outside the dynamic range: only {@link #reserveAndRoute()} hands it out, to {@link #CLIENT_MAC}. */
    public static final String RESERVED_ADDRESS = "198.18.0.150";
    /** Answers ARP, never a packet: see {@link #addSilentHost()}. */
    public static final String SILENT_ADDRESS = "198.18.0.77";

    /** What the optional second lab interface is. */
    public enum Second { NONE, STATIC, DHCP }

    private static final String PREFIX = "dt";
    private static final Pattern OURS = Pattern.compile(PREFIX + "([0-9a-z]{5})[0-9a-z]+");
    private static final Path BASE = Path.of(System.getProperty("java.io.tmpdir"), "dhcp-lease-testbed");
    /** Where clients (dhcpcd) and dhcp-lease itself (run inside a lab) keep files named after the interface. */
    private static final List<Path> HOST_WIDE_DIRS = List.of(Path.of("/run/dhcpcd"), Path.of("/var/lib/dhcpcd"),
            Path.of("/run/dhcp-lease"));
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static volatile boolean staleCleaned;

    private final String id;
    private final Second second;
    private final Path dir;
    private final List<String> namespaces = new ArrayList<>();
    private String router;

    private Testbed(String id, Second second) {
        this.id = id;
        this.second = second;
        this.dir = BASE.resolve(id);
    }

    /** Builds a testbed with dnsmasq running and no client yet. */
    public static Testbed create(Second second) {
        cleanStale();
        String id = idFor(ProcessHandle.current().pid(), COUNTER.incrementAndGet());
        Testbed tb = new Testbed(id, second);
        try {
            tb.up();
            return tb;
        } catch (RuntimeException | IOException e) {
            tb.close();
            throw new IllegalStateException("could not build testbed " + id + ": " + e.getMessage(), e);
        }
    }

    public String id() {
        return id;
    }

    public String serverNamespace() {
        return id + "-srv";
    }

    public String labNamespace() {
        return id + "-lab";
    }

    public String peerNamespace() {
        return id + "-peer";
    }

    public String clientInterface() {
        return id + "-c";
    }

    public String secondInterface() {
        return id + "-c2";
    }

    public Path dir() {
        return dir;
    }

    public Path stateDir() {
        return dir.resolve("state");
    }

    /** How dhcp-lease must be configured to act inside this lab. */
    public LinuxHost host() {
        try {
            return LinuxHost.inNamespace(labNamespace(), stateDir(), dhcpcdArgs());
        } catch (IOException e) {
            throw new IllegalStateException("lab namespace " + labNamespace() + " is gone: " + e.getMessage(), e);
        }
    }

    /** Extra dhcpcd arguments: the testbed's own config (noarp, nodelay) and hook, never /etc/dhcpcd.conf. */
    public List<String> dhcpcdArgs() {
        return List.of("-f", dir.resolve("dhcpcd.conf").toString(), "-c", dir.resolve("hook-dhcpcd").toString());
    }

    private void up() throws IOException {
        Files.createDirectories(stateDir());
        writeFiles();
        ns(serverNamespace());
        ns(labNamespace());
        String srv = serverNamespace();
        String lab = labNamespace();
        // created inside the server namespace, peer moved straight into the lab: no host interface is touched
        Sh.ok(List.of("ip", "-n", srv, "link", "add", id + "-s", "type", "veth", "peer", "name", clientInterface(),
                "address", CLIENT_MAC));
        Sh.ok(List.of("ip", "-n", srv, "link", "set", clientInterface(), "netns", lab));
        Sh.ok(List.of("ip", "-n", srv, "addr", "add", SERVER_ADDRESS + "/24", "dev", id + "-s"));
        Sh.ok(List.of("ip", "-n", srv, "link", "set", id + "-s", "up"));
        Sh.ok(List.of("ip", "-n", lab, "link", "set", "lo", "up"));
        Sh.ok(List.of("ip", "-n", lab, "link", "set", clientInterface(), "up"));
        if (second == Second.STATIC) {
            ns(peerNamespace());
            Sh.ok(List.of("ip", "-n", peerNamespace(), "link", "add", id + "-p2", "type", "veth", "peer", "name",
                    secondInterface(), "address", SECOND_MAC));
            Sh.ok(List.of("ip", "-n", peerNamespace(), "link", "set", secondInterface(), "netns", lab));
            Sh.ok(List.of("ip", "-n", peerNamespace(), "addr", "add", PEER_ADDRESS + "/24", "dev", id + "-p2"));
            Sh.ok(List.of("ip", "-n", peerNamespace(), "link", "set", id + "-p2", "up"));
            Sh.ok(List.of("ip", "-n", lab, "addr", "add", STATIC_ADDRESS + "/24", "dev", secondInterface()));
            Sh.ok(List.of("ip", "-n", lab, "link", "set", secondInterface(), "up"));
        } else if (second == Second.DHCP) {
            Sh.ok(List.of("ip", "-n", srv, "link", "add", id + "-s2", "type", "veth", "peer", "name", secondInterface(),
                    "address", SECOND_MAC));
            Sh.ok(List.of("ip", "-n", srv, "link", "set", secondInterface(), "netns", lab));
            Sh.ok(List.of("ip", "-n", srv, "addr", "add", SECOND_SERVER_ADDRESS + "/24", "dev", id + "-s2"));
            Sh.ok(List.of("ip", "-n", srv, "link", "set", id + "-s2", "up"));
            Sh.ok(List.of("ip", "-n", lab, "link", "set", secondInterface(), "up"));
        }
        startServer();
    }

    private void ns(String name) {
        Sh.ok(List.of("ip", "netns", "add", name));
        namespaces.add(name);
    }

    /** Starts dnsmasq in the server namespace (again, after {@link #stopServer()}: it reads its lease file back). */
    public void startServer() {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", serverNamespace(), "dnsmasq",
                "--conf-file=/dev/null", "--port=0", "--interface=" + id + "-s", "--bind-interfaces",
                "--except-interface=lo", "--dhcp-range=198.18.0.100,198.18.0.109,255.255.255.0,2m",
                "--dhcp-authoritative", "--no-ping", router != null ? "--dhcp-option=3," + router : "--dhcp-option=3",
                "--dhcp-option=6",
                "--dhcp-leasefile=" + dir.resolve("dnsmasq.leases"), "--pid-file=" + dir.resolve("dnsmasq.pid"),
                "--log-dhcp", "--log-facility=" + dir.resolve("dnsmasq.log"), "--user=root", "--group=root"));
        if (router != null) {
            argv.add("--dhcp-host=" + CLIENT_MAC + "," + RESERVED_ADDRESS);
        }
        if (second == Second.DHCP) {
            argv.add("--interface=" + id + "-s2");
            argv.add("--dhcp-range=198.18.1.100,198.18.1.109,255.255.255.0,2m");
        }
        Sh.ok(argv);
    }

    /**
     * Restarts dnsmasq with a host reservation of {@link #RESERVED_ADDRESS} for {@link #CLIENT_MAC} and itself as the
     * router (a default gateway on the lab side, inside the lab namespace only). A lease granted before keeps its
     * address until the client asks again.
     */
    public void reserveAndRoute() {
        reserveAndRoute(SERVER_ADDRESS);
    }

    /** As {@link #reserveAndRoute()}, naming {@code router} as the default gateway (e.g. {@link #SILENT_ADDRESS}). */
    public void reserveAndRoute(String router) {
        stopServer();
        this.router = router;
        startServer();
    }

    /**
     * A host on the lab network that answers ARP but never a packet: {@link #SILENT_ADDRESS} on the server's veth,
     * whose replies the server namespace routes into a blackhole (a firewall that drops, without needing one).
     */
    public void addSilentHost() {
        String srv = serverNamespace();
        Sh.ok(List.of("ip", "-n", srv, "addr", "add", SILENT_ADDRESS + "/24", "dev", id + "-s"));
        Sh.ok(List.of("ip", "-n", srv, "rule", "add", "from", SILENT_ADDRESS, "lookup", "77"));
        Sh.ok(List.of("ip", "-n", srv, "route", "add", "blackhole", "default", "table", "77"));
    }

    /** Stops dnsmasq and waits until it is gone. */
    public void stopServer() {
        pidFrom(dir.resolve("dnsmasq.pid")).flatMap(ProcessHandle::of).ifPresent(p -> {
            p.destroy();
            waitUntilGone(List.of(p), 5_000);
        });
    }

    /** Starts {@code client} on the lab's main interface and waits until it has an address. */
    public void startClient(ClientKind client) {
        startClient(client, clientInterface());
    }

    /** Starts {@code client} on {@code ifname} in the lab and waits until it has an address. */
    public void startClient(ClientKind client, String ifname) {
        Sh.ok(clientCommand(client, ifname));
        waitForAddress(ifname, 10_000);
    }

    /** The command line that starts {@code client} on {@code ifname} in the lab namespace. */
    public List<String> clientCommand(ClientKind client, String ifname) {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", labNamespace()));
        switch (client) {
            case DHCLIENT -> argv.addAll(List.of("dhclient", "-4", "-v", "-pf", dir.resolve("dhclient-" + ifname + ".pid").toString(),
                    "-lf", dir.resolve("dhclient-" + ifname + ".leases").toString(), "-cf", dir.resolve("dhclient.conf").toString(),
                    "-sf", dir.resolve("hook-dhclient").toString(), ifname));
            case DHCPCD -> {
                argv.addAll(List.of("dhcpcd", "-4"));
                argv.addAll(dhcpcdArgs());
                argv.add(ifname);
            }
            case UDHCPC -> argv.addAll(List.of("udhcpc", "-i", ifname, "-p", dir.resolve("udhcpc-" + ifname + ".pid").toString(),
                    "-s", dir.resolve("hook-udhcpc").toString(), "-b", "-t", "3", "-T", "1"));
            default -> throw new IllegalArgumentException(client.toolName() + " is a network manager, not a"
                    + " standalone client the testbed can start");
        }
        return argv;
    }

    /** Polls the lab until {@code ifname} has a non-tentative IPv4 address. */
    public String waitForAddress(String ifname, long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        while (true) {
            Optional<String> a = clientAddress(ifname);
            if (a.isPresent()) {
                return a.get();
            }
            if (System.nanoTime() - end > 0) {
                throw new IllegalStateException(ifname + " got no address within " + millis + " ms; dnsmasq log:\n"
                        + read(dir.resolve("dnsmasq.log")));
            }
            sleep(10);
        }
    }

    /** The first usable IPv4 address on {@code ifname} in the lab, as {@code ip} shows it (the client's truth). */
    public Optional<String> clientAddress(String ifname) {
        String out = Sh.ok(List.of("ip", "-n", labNamespace(), "-o", "-4", "addr", "show", "dev", ifname));
        for (String line : out.split("\n")) {
            Matcher m = Pattern.compile("inet (\\d+\\.\\d+\\.\\d+\\.\\d+)/").matcher(line);
            if (m.find() && !line.contains("tentative")) {
                return Optional.of(m.group(1));
            }
        }
        return Optional.empty();
    }

    /** Every IPv4 address in the lab as {@code ifname address/prefix} lines: to show that nothing changed. */
    public List<String> labAddresses() {
        List<String> out = new ArrayList<>();
        for (String line : Sh.ok(List.of("ip", "-n", labNamespace(), "-o", "-4", "addr", "show")).split("\n")) {
            String[] w = line.trim().split("\\s+");
            if (w.length > 3) {
                out.add(w[1] + " " + w[3]);
            }
        }
        return out;
    }

    /** dnsmasq's lease file, parsed: the server's truth. */
    public List<ServerLease> serverLeases() {
        List<ServerLease> out = new ArrayList<>();
        for (String line : serverLeaseFile().split("\n")) {
            String[] w = line.trim().split("\\s+");
            if (w.length >= 3) {
                out.add(new ServerLease(Long.parseLong(w[0]), w[1], w[2]));
            }
        }
        return out;
    }

    public Optional<ServerLease> serverLease(String mac) {
        return serverLeases().stream().filter(l -> l.mac().equalsIgnoreCase(mac)).findFirst();
    }

    /** dnsmasq's lease file as it is on disk. */
    public String serverLeaseFile() {
        return read(dir.resolve("dnsmasq.leases"));
    }

    /** How many DHCPACKs dnsmasq has logged for {@code mac}: each is a lease granted or extended. */
    public int serverAcks(String mac) {
        return (int) serverLog().lines().filter(l -> l.contains("DHCPACK(") && l.contains(mac.toLowerCase(java.util.Locale.ROOT)))
                .count();
    }

    /** Waits (dnsmasq writes its log a moment after its lease file) until {@code mac} has more than {@code acks} ACKs. */
    public boolean awaitServerAck(String mac, int acks, long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        while (serverAcks(mac) <= acks) {
            if (System.nanoTime() - end > 0) {
                return false;
            }
            sleep(10);
        }
        return true;
    }

    public String serverLog() {
        return read(dir.resolve("dnsmasq.log"));
    }

    /** The lines the testbed's dhcpcd hook wrote ({@code IF REASON}): only a dhcpcd started with its -c writes them. */
    public List<String> dhcpcdHookLog() {
        return read(dir.resolve("hook-dhcpcd.log")).lines().toList();
    }

    /** Pids of every process in the lab namespace. */
    public List<Long> labPids() {
        return pids(labNamespace());
    }

    @Override
    public void close() {
        for (String ns : namespaces) {
            killAll(ns);
        }
        for (String ns : namespaces) {
            Sh.run(List.of("ip", "netns", "del", ns));
        }
        removeHostWideClientFiles(id);
        deleteTree(dir);
    }

    /** Removes what testbeds of dead JVMs left: their namespaces (processes first), client files, directories. */
    public static synchronized void cleanStale() {
        if (staleCleaned) {
            return;
        }
        staleCleaned = true;
        cleanStaleNow();
    }

    /** {@link #cleanStale()} without the once-per-JVM guard. */
    static synchronized void cleanStaleNow() {
        for (String line : Sh.run(List.of("ip", "netns", "list")).out().split("\n")) {
            String name = line.trim().split("\\s+")[0];
            int dash = name.lastIndexOf('-');
            if (dash > 0 && isStale(name.substring(0, dash))) {
                killAll(name);
                Sh.run(List.of("ip", "netns", "del", name));
                removeHostWideClientFiles(name.substring(0, dash));
            }
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(BASE)) {
            for (Path d : dirs) {
                if (isStale(d.getFileName().toString())) {
                    deleteTree(d);
                }
            }
        } catch (IOException e) {
            // no base directory yet
        }
        for (Path d : HOST_WIDE_DIRS) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(d, PREFIX + "*")) {
                for (Path f : files) {
                    String name = f.getFileName().toString();
                    if (name.indexOf('-') > 0 && isStale(name.substring(0, name.indexOf('-')))) {
                        Files.deleteIfExists(f);
                    }
                }
            } catch (IOException e) {
                // nothing there
            }
        }
    }

    /** The testbed ID a JVM with {@code pid} would use for its {@code n}th testbed. */
    static String idFor(long pid, int n) {
        String p = Long.toString(pid, 36);
        return PREFIX + "0".repeat(Math.max(0, 5 - p.length())) + p + Integer.toString(n, 36);
    }

    private static boolean isStale(String id) {
        Matcher m = OURS.matcher(id);
        if (!m.matches()) {
            return false;
        }
        long pid = Long.parseLong(m.group(1), 36);
        return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    }

    /**
     * dhcpcd keeps pid, socket and lease files host-wide, and dhcp-lease run inside a lab namespace (no prefix) its
     * state files, all named after the interface (so after the ID).
     */
    private static void removeHostWideClientFiles(String id) {
        for (Path d : HOST_WIDE_DIRS) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(d, id + "-*")) {
                for (Path f : files) {
                    Files.deleteIfExists(f);
                }
            } catch (IOException e) {
                // nothing there
            }
        }
    }

    private static void killAll(String ns) {
        List<ProcessHandle> procs = pids(ns).stream().map(ProcessHandle::of).flatMap(Optional::stream).toList();
        procs.forEach(ProcessHandle::destroyForcibly);
        waitUntilGone(procs, 5_000);
    }

    /**
     * Polls until each process is gone or a zombie (it has released everything then; this machine's init may take
     * seconds to reap it, and onExit() of a process that is not our child polls just as slowly).
     */
    private static void waitUntilGone(List<ProcessHandle> procs, long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        while (procs.stream().anyMatch(Testbed::running) && System.nanoTime() - end < 0) {
            sleep(5);
        }
    }

    private static boolean running(ProcessHandle p) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static List<Long> pids(String ns) {
        List<Long> out = new ArrayList<>();
        for (String w : Sh.run(List.of("ip", "netns", "pids", ns)).out().split("\\s+")) {
            if (!w.isBlank()) {
                out.add(Long.parseLong(w.trim()));
            }
        }
        return out;
    }

    private void writeFiles() throws IOException {
        script("hook-dhclient", """
                #!/bin/sh
                # the testbed's dhclient hook: addresses only (never resolv.conf or the hostname)
                case "$reason" in
                PREINIT) ip link set dev "$interface" up ;;
                BOUND|RENEW|REBIND|REBOOT)
                  if [ -n "$old_ip_address" ] && [ "$old_ip_address" != "$new_ip_address" ]; then
                    ip -4 addr del "$old_ip_address/$old_subnet_mask" dev "$interface"
                  fi
                  ip -4 addr replace "$new_ip_address/$new_subnet_mask" dev "$interface" \\
                    valid_lft "$new_dhcp_lease_time" preferred_lft "$new_dhcp_lease_time" ;;
                EXPIRE|FAIL|RELEASE|STOP)
                  [ -n "$old_ip_address" ] && ip -4 addr del "$old_ip_address/$old_subnet_mask" dev "$interface" ;;
                TIMEOUT) exit 1 ;;
                esac
                exit 0
                """);
        script("hook-dhcpcd", """
                #!/bin/sh
                # the testbed's dhcpcd hook: dhcpcd sets addresses itself; it only notes that it ran (proof of -c)
                echo "$interface $reason" >> "$(dirname "$0")/hook-dhcpcd.log"
                exit 0
                """);
        script("hook-udhcpc", """
                #!/bin/sh
                # the testbed's udhcpc hook: like busybox's default script, the address without a lifetime
                case "$1" in
                deconfig) ip -4 addr flush dev "$interface" ;;
                bound|renew) ip -4 addr replace "$ip/$mask" dev "$interface" ;;
                esac
                exit 0
                """);
        Files.writeString(dir.resolve("dhcpcd.conf"), """
                # the testbed's dhcpcd config: no ARP probe and no random start delay (5-7 s otherwise)
                noarp
                nodelay
                noipv4ll
                clientid
                """);
        Files.writeString(dir.resolve("dhclient.conf"), "request subnet-mask, broadcast-address, dhcp-lease-time;\n");
    }

    private void script(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static Optional<Long> pidFrom(Path f) {
        try {
            return Optional.of(Long.parseLong(Files.readString(f).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String read(Path f) {
        try {
            return Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static void deleteTree(Path d) {
        if (!Files.exists(d)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(d)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort; a later run removes it as stale
        }
    }

    /** The testbed needs root: namespaces, veth, raw sockets, signalling daemons. */
    /**
     * Skips the calling test when not root (namespaces need it), saying why. With {@code -Ddhcplease.requireLab=true}
     * (scripts/test sets it under {@code CI=true}) fails instead: a CI run where the lab tests were skipped proves
     * nothing about the Linux backend. Other builds, such as the Jenkins plugin build, are free to skip.
     */
    public static void assumeRoot() {
        if (isRoot()) {
            return;
        }
        String why = "the DHCP testbed needs root (network namespaces, veth, raw sockets)";
        if (Boolean.getBoolean("dhcplease.requireLab")) {
            throw new IllegalStateException(why + ", and dhcplease.requireLab is set (scripts/test under CI=true):"
                    + " this run must include the lab tests, so run it as root");
        }
        org.junit.jupiter.api.Assumptions.abort(why + "; run as root, as CI does, to run this test");
    }

    public static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return "0".equals(line.split("\\s+")[1]);
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
