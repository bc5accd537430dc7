package io.jenkins.plugins.dhcplease.linux.detect;

import io.jenkins.plugins.dhcplease.engine.Deadline;
import io.jenkins.plugins.dhcplease.linux.LinuxHost;
import io.jenkins.plugins.dhcplease.linux.client.SystemBinaries;
import io.jenkins.plugins.dhcplease.linux.state.ReleaseRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the tool that manages an interface's lease. First match wins:
 * <ol>
 * <li>NetworkManager runs and manages the device ({@link NetworkManagerDevices}): with DHCP ({@code ipv4.method auto})
 *     it is NetworkManager's, even when a dhclient/dhcpcd process exists (NetworkManager may have started it, and that
 *     one is never driven directly); with a static method it is static, and nothing else is looked at;</li>
 * <li>systemd-networkd runs and configures the link ({@link NetworkdLinks}): DHCP or static, as for NetworkManager;</li>
 * <li>a dhclient, dhcpcd or udhcpc daemon for the interface in /proc;</li>
 * <li>a client that dhcp-lease itself stopped at release (its {@link ReleaseRecord}).</li>
 * </ol>
 */
public final class ManagerDetector {

    /** dhclient options that take a value: the word after them is not an interface. */
    private static final Set<String> DHCLIENT_VALUE_OPTIONS = Set.of("-p", "-s", "-pf", "-lf", "-cf", "-sf", "-g",
            "-e", "-D", "-df", "--decline-wait-time", "--address-prefix-len", "--dad-wait-time", "--prefix-len-hint");
    /** The bound of a listing outside any request ({@code adapters}): a request's own deadline bounds the rest. */
    public static final Duration LISTING = Duration.ofSeconds(10);

    private static final java.util.regex.Pattern BRACKETED = java.util.regex.Pattern.compile("\\[[^\\]]*\\]");
    private static final java.util.regex.Pattern WHITESPACE = java.util.regex.Pattern.compile("\\s+");

    private final LinuxHost host;
    private final ProcessTrust trust;

    public ManagerDetector(LinuxHost host) {
        this.host = host;
        this.trust = host.trust();
    }

    /** One look at the processes, shared by every interface of one inventory; nmcli bounded by {@code deadline}. */
    public Scan scan(Deadline deadline) {
        return new Scan(host.processes().processes(), deadline);
    }

    /** {@link #scan(Deadline)} for a listing outside any request: bounded by {@link #LISTING}. */
    public Scan scan() {
        return scan(Deadline.after(LISTING));
    }

    /**
     * The processes seen, NetworkManager's device states when it runs (asked once, lazily), and what this scan found
     * but did not believe: processes that pose as a client, release records that no longer match the interface.
     */
    public final class Scan {
        private final List<ProcessInfo> processes;
        private final Deadline deadline;
        private final Map<String, List<String>> distrusted = new LinkedHashMap<>();
        private final Map<String, StaleRecord> stale = new LinkedHashMap<>();
        private NetworkManagerDevices nm;

        Scan(List<ProcessInfo> processes, Deadline deadline) {
            this.processes = List.copyOf(processes);
            this.deadline = deadline;
        }

        public List<ProcessInfo> processes() {
            return processes;
        }

        /** Whether a trusted process of {@code kind} (NetworkManager, systemd-networkd) runs. */
        boolean runs(ClientKind kind) {
            return processes.stream().anyMatch(p -> kind.toolName().equals(p.program())
                    && trust.distrust(p, kind).isEmpty());
        }

        /** Processes that look like a client of {@code ifname} but are not believed, each with why. */
        public List<String> distrusted(String ifname) {
            return distrusted.getOrDefault(ifname, List.of());
        }

        /** The release record of {@code ifname} if it no longer matches the interface, with why. */
        public Optional<StaleRecord> staleRecord(String ifname) {
            return Optional.ofNullable(stale.get(ifname));
        }

        private void distrust(String ifname, String why) {
            distrusted.computeIfAbsent(ifname, k -> new ArrayList<>()).add(why);
        }

        NetworkManagerDevices nm() {
            if (nm == null) {
                nm = new NetworkManagerDevices(host.runner(), new SystemBinaries(host).find("nmcli").orElse(null));
            }
            return nm;
        }
    }

    /**
     * @param hasDynamicAddress whether the interface holds an address with a finite lifetime (a dhcpcd manager that
     *                          serves every interface counts only then)
     */
    public Optional<Detection> detect(Scan scan, String ifname, int ifindex, boolean hasDynamicAddress)
            throws InterruptedException {
        return detect(scan, ifname, ifindex, hasDynamicAddress, List.of());
    }

    /**
     * @param staticAddresses the interface's permanent addresses that are not link-local: one that was not there when
     *                        a release record was written was set by hand or a static configuration since, and the
     *                        record then no longer describes the interface
     */
    public Optional<Detection> detect(Scan scan, String ifname, int ifindex, boolean hasDynamicAddress,
                                      List<String> staticAddresses) throws InterruptedException {
        if (scan.runs(ClientKind.NETWORK_MANAGER)) {
            NetworkManagerDevices.Verdict nm = scan.nm().verdict(ifname);
            if (nm.role() == NetworkManagerDevices.Role.DHCP) {
                return Optional.of(new Detection(ClientKind.NETWORK_MANAGER, 0, nm.connection().isEmpty() ? List.of()
                        : List.of(nm.connection()), false, nm.evidence()));
            }
            if (nm.role() == NetworkManagerDevices.Role.NOT_DHCP) {
                return Optional.empty(); // static under NetworkManager: no other client's record or process counts
            }
        }
        if (scan.runs(ClientKind.SYSTEMD_NETWORKD)) {
            NetworkdLinks.Verdict nd = new NetworkdLinks(host).verdict(ifname, ifindex);
            if (nd.role() == NetworkdLinks.Role.DHCP) {
                return Optional.of(new Detection(ClientKind.SYSTEMD_NETWORKD, 0, List.of(), false, nd.evidence()));
            }
            if (nd.role() == NetworkdLinks.Role.NOT_DHCP) {
                return Optional.empty();
            }
        }
        Optional<ReleaseRecord> record = host.state().release(ifname, host.netns());
        // a dhcpcd manager is rare: its lease files are looked for only when one runs
        boolean dhcpcdManagerCounts = hasDynamicAddress || scan.processes().stream()
                .anyMatch(p -> p.commandLine().contains("[manager]")) && dhcpcdLeaseExists(ifname);
        for (ProcessInfo p : scan.processes()) {
            Optional<Detection> d = daemonFor(p, ifname, hasDynamicAddress, dhcpcdManagerCounts);
            if (d.isEmpty()) {
                continue;
            }
            Optional<String> why = trust.distrust(p, d.get().kind(), scan.processes());
            if (why.isPresent()) {
                scan.distrust(ifname, "process " + p.pid() + " '" + p.commandLine() + "' looks like "
                        + d.get().kind().toolName() + " but is not believed: " + why.get());
                continue;
            }
            record.ifPresent(r -> scan.stale.put(ifname, new StaleRecord(r, "a " + d.get().kind().toolName()
                    + " daemon runs for it again (process " + p.pid() + ")")));
            return d;
        }
        if (record.isEmpty()) {
            host.state().refusedRecord(ifname).ifPresent(why -> scan.distrust(ifname, "the release record is not"
                    + " believed and never run: " + why));
            return Optional.empty();
        }
        ReleaseRecord r = record.get();
        Optional<String> stale = staleness(r, staticAddresses);
        if (stale.isPresent()) {
            scan.stale.put(ifname, new StaleRecord(r, stale.get()));
            return Optional.empty();
        }
        return Optional.of(new Detection(r.kind(), 0, r.argv(), r.argv().contains("-4"), r.kind().toolName()
                + " was stopped by dhcp-lease's release at " + r.releasedAt() + " (recorded in "
                + host.state().releaseFile(ifname) + ")"));
    }

    /** A release record that no longer describes its interface, and why. */
    public record StaleRecord(ReleaseRecord record, String reason) {
    }

    /** Why a release record no longer describes its interface; empty when it still does. */
    private Optional<String> staleness(ReleaseRecord r, List<String> staticAddresses) {
        Optional<java.time.Instant> boot = host.bootTime();
        if (boot.isPresent() && r.releasedAt().isBefore(boot.get())) {
            return Optional.of("it was written at " + r.releasedAt() + ", before this machine booted (" + boot.get() + ")");
        }
        List<String> added = staticAddresses.stream().filter(a -> !r.staticAddresses().contains(a)).toList();
        if (!added.isEmpty()) {
            return Optional.of("the interface was given the static address " + String.join(", ", added) + " since");
        }
        List<String> argv = r.argv();
        Optional<String> unsafe = trust.distrustArguments(r.kind(), argv.isEmpty() ? argv : argv.subList(1, argv.size()));
        return unsafe.map(u -> "its command line is no longer safe to run: " + u);
    }

    /** The DHCP client processes seen and believed, for the message about an interface whose client is unknown. */
    public static String describeClients(Scan scan) {
        List<String> seen = new ArrayList<>();
        for (ProcessInfo p : scan.processes()) {
            if (Set.of("dhclient", "udhcpc", "NetworkManager", "systemd-networkd", "dhcpcd").contains(p.program())) {
                seen.add("process " + p.pid() + " '" + p.commandLine() + "'");
            }
        }
        return seen.isEmpty() ? "no DHCP client process (NetworkManager, systemd-networkd, dhclient, dhcpcd, udhcpc) runs"
                : "the DHCP client processes running are " + String.join(", ", seen) + ", none of them for it";
    }

    /**
     * @param sharedDhclientCounts a dhclient without interface arguments (it serves every interface) counts only for
     *                             an interface that holds a dynamic address: never for a static one
     */
    Optional<Detection> daemonFor(ProcessInfo p, String ifname, boolean sharedDhclientCounts, boolean dhcpcdManagerCounts) {
        if (p.commandLine().contains("NetworkManager")) {
            return Optional.empty(); // started by NetworkManager (nm-dhcp-helper, its pid files): never driven directly
        }
        String prog = p.program();
        String claimed = p.claimedProgram();
        if ("dhclient".equals(prog) || "dhclient".equals(claimed)) {
            List<String> ifs = dhclientInterfaces(p.args());
            if (ifs.contains(ifname) || ifs.isEmpty() && sharedDhclientCounts) {
                return Optional.of(daemon(ClientKind.DHCLIENT, p, false));
            }
        } else if ("udhcpc".equals(prog) || "udhcpc".equals(claimed)) {
            if (ifname.equals(udhcpcInterface(p.args()))) {
                return Optional.of(daemon(ClientKind.UDHCPC, p, false));
            }
        } else if ("dhcpcd".equals(prog) || claimed.startsWith("dhcpcd")) {
            return dhcpcd(p, ifname, dhcpcdManagerCounts);
        }
        return Optional.empty();
    }

    /**
     * dhcpcd rewrites its title: {@code dhcpcd: eth0 [ip4]} (one interface), {@code dhcpcd: [manager] [ip4]} (all),
     * {@code dhcpcd: [privileged proxy] eth0 [ip4]} (its helpers, never driven). Without privilege separation it keeps
     * its argv.
     */
    private Optional<Detection> dhcpcd(ProcessInfo p, String ifname, boolean managerCounts) {
        String line = p.commandLine();
        if (line.startsWith("dhcpcd: ")) {
            String title = line.substring("dhcpcd: ".length());
            if (title.contains("proxy]") || title.contains("[BPF") || title.contains("[ARP")) {
                return Optional.empty();
            }
            boolean ip4Only = title.contains("[ip4]") && !title.contains("[ip6]");
            if (title.contains("[manager]")) {
                return managerCounts ? Optional.of(daemon(ClientKind.DHCPCD, p, false)) : Optional.empty();
            }
            List<String> words = List.of(WHITESPACE.split(BRACKETED.matcher(title).replaceAll(" ").trim()));
            return words.contains(ifname) ? Optional.of(daemon(ClientKind.DHCPCD, p, ip4Only)) : Optional.empty();
        }
        if (p.args().contains(ifname)) {
            return Optional.of(daemon(ClientKind.DHCPCD, p, p.args().contains("-4") || p.args().contains("--ipv4only")));
        }
        return Optional.empty();
    }

    private static Detection daemon(ClientKind kind, ProcessInfo p, boolean ip4Only) {
        return new Detection(kind, p.pid(), p.argv(), ip4Only, "process " + p.pid() + " '" + p.commandLine() + "'");
    }

    /** The interface words of a dhclient command line's arguments (none: it serves every interface). */
    public static List<String> dhclientInterfaces(List<String> args) {
        List<String> ifs = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (DHCLIENT_VALUE_OPTIONS.contains(a)) {
                i++;
            } else if (!a.startsWith("-")) {
                ifs.add(a);
            }
        }
        return ifs;
    }

    /** udhcpc's {@code -i IF}, {@code -iIF}, {@code --interface=IF}, {@code --interface IF}; eth0 when absent. */
    static String udhcpcInterface(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (("-i".equals(a) || "--interface".equals(a)) && i + 1 < args.size()) {
                return args.get(i + 1);
            }
            if (a.startsWith("--interface=")) {
                return a.substring("--interface=".length());
            }
            if (a.startsWith("-i") && a.length() > 2 && !a.startsWith("--")) {
                return a.substring(2);
            }
        }
        return "eth0";
    }

    private boolean dhcpcdLeaseExists(String ifname) {
        Path dir = host.file("/var/lib/dhcpcd");
        return Files.exists(dir.resolve(ifname + ".lease")) || Files.exists(dir.resolve("dhcpcd-" + ifname + ".lease"));
    }
}
