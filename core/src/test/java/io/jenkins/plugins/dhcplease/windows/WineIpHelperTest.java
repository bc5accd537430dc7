package io.jenkins.plugins.dhcplease.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import io.jenkins.plugins.dhcplease.engine.Deadline;
import io.jenkins.plugins.dhcplease.engine.LeaseEngine;
import io.jenkins.plugins.dhcplease.engine.OperationResult;
import io.jenkins.plugins.dhcplease.linux.inventory.Link;
import io.jenkins.plugins.dhcplease.linux.testbed.Testbed;
import io.jenkins.plugins.dhcplease.model.AddressOrigin;
import io.jenkins.plugins.dhcplease.model.AddressState;
import io.jenkins.plugins.dhcplease.model.Ipv4Address;
import io.jenkins.plugins.dhcplease.model.LeaseAction;
import io.jenkins.plugins.dhcplease.model.LeaseOutcome;
import io.jenkins.plugins.dhcplease.model.LeaseReport;
import io.jenkins.plugins.dhcplease.model.LeaseRequest;
import io.jenkins.plugins.dhcplease.model.NetworkAdapter;
import io.jenkins.plugins.dhcplease.model.OutcomeStatus;
import io.jenkins.plugins.dhcplease.model.TcpConnection;
import io.jenkins.plugins.dhcplease.windows.jna.IpAdapterAddresses;
import io.jenkins.plugins.dhcplease.windows.jna.IpAdapterInfo;
import io.jenkins.plugins.dhcplease.windows.jna.IpAdapterUnicastAddress;
import io.jenkins.plugins.dhcplease.windows.jna.IpAddrString;
import io.jenkins.plugins.dhcplease.windows.jna.IpHelperLibrary;
import io.jenkins.plugins.dhcplease.windows.jna.WinStrings;
import io.jenkins.plugins.dhcplease.windows.jna.WindowsNative;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.condition.OS;

/**
 * The unmodified Windows binding against an IP Helper implementation it was not written with: Wine's. Wine runs
 * iphlpapi_dumper.exe inside a namespace of awkward adapters ({@link WineLab}); its recorded answers are replayed
 * to the binding on this JVM, and what the binding makes of them is compared, field by field, with Wine's own
 * {@code ipconfig /all}, with the kernel ({@code ip -j}) and with {@code ss -tnp}. Where Wine differs from Windows
 * (docs/windows-binding.md, "Wine is not Windows"), the difference is asserted as such, so that it stays known.
 *
 * <p>Needs root (namespaces) and Wine (Debian's wine64, from scripts/install-deps). With
 * {@code -Ddhcplease.requireLab=true} (scripts/test under CI=true) a missing one fails the test instead of skipping it.
 */
@EnabledIfSystemProperty(named = "dhcplease.test.native", matches = ".+", disabledReason = "the native test artifacts"
        + " are built by the Maven profile windows-binding-shim, active where mingw-w64 is installed (scripts/install-deps)")
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "Wine and network namespaces are Linux things")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WineIpHelperTest {
    private static final Pattern GUID = Pattern.compile("\\{[0-9A-Fa-f]{8}(-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}}");
    private static final Deadline LONG = Deadline.after(Duration.ofMinutes(1));

    private WineLab.Recording recording;
    private WindowsDhcpClient client;
    private List<NetworkAdapter> adapters;
    private Map<String, Link> kernel;
    private Map<String, Map<String, List<String>>> ipconfig;

    @BeforeAll
    void recordWineInANamespace() throws Exception {
        Testbed.assumeRoot();
        Path wine = WineLab.wine().orElse(null);
        if (wine == null) {
            String why = "Wine is not installed (Debian: apt-get install wine64; scripts/install-deps does)";
            if (Boolean.getBoolean("dhcplease.requireLab")) {
                throw new IllegalStateException(why + ", and dhcplease.requireLab is set (scripts/test under CI=true):"
                        + " this run must compare the Windows binding with Wine's IP Helper");
            }
            org.junit.jupiter.api.Assumptions.abort(why);
        }
        recording = WineLab.record(wine, Path.of(System.getProperty("dhcplease.test.native")));
        System.out.printf("Wine lab: wineboot %d ms, whole recording (namespace, Wine, dumper, ipconfig, ss) %d ms%n",
                recording.winebootMillis(), recording.totalMillis());
        Replay.play(recording.dump());
        client = Replay.client();
        adapters = client.adapters();
        kernel = new LinkedHashMap<>();
        recording.kernel().stream().filter(l -> !l.loopback()).forEach(l -> kernel.put(l.name(), l));
        ipconfig = ipconfig(recording.ipconfig());
    }

    @AfterAll
    void removeTheRecording() {
        if (recording != null) {
            WineLab.deleteTree(recording.dir());
        }
    }

    private NetworkAdapter adapter(String name) {
        return adapters.stream().filter(a -> a.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("the binding lists no adapter " + name + ": " + adapters));
    }

    private Map<String, List<String>> block(String name) {
        Map<String, List<String>> b = ipconfig.get(name);
        assertNotNull(b, () -> "ipconfig /all shows no adapter " + name + ":\n" + recording.ipconfig());
        return b;
    }

    /** "Ethernet adapter NAME" blocks of "    Key . . . : value" lines; a key may repeat (addresses). */
    static Map<String, Map<String, List<String>>> ipconfig(String text) {
        Map<String, Map<String, List<String>>> out = new LinkedHashMap<>();
        Pattern head = Pattern.compile("^\\S.* adapter (.+)$");
        Pattern entry = Pattern.compile("^\\s+(\\S.*?)[ .]*: ?(.*)$");
        Map<String, List<String>> current = null;
        for (String raw : text.split("\r?\n")) {
            Matcher h = head.matcher(raw);
            Matcher e = entry.matcher(raw);
            if (h.matches()) {
                current = new LinkedHashMap<>();
                out.put(h.group(1).trim(), current);
            } else if (current != null && e.matches()) {
                current.computeIfAbsent(e.group(1), k -> new ArrayList<>()).add(e.group(2).trim());
            }
        }
        return out;
    }

    private static List<String> withoutEmpty(List<String> values) {
        return values == null ? List.of() : values.stream().filter(v -> !v.isEmpty()).toList();
    }

    @Test
    void theBindingListsExactlyTheKernelsAdaptersAndIpconfigsOnes() {
        Set<String> names = new HashSet<>(adapters.stream().map(NetworkAdapter::name).toList());
        assertEquals(adapters.size(), names.size(), () -> "an adapter listed twice: " + adapters);
        assertEquals(kernel.keySet(), names, "the kernel's links (loopback left out) and the binding's adapters");
        Set<String> shown = new HashSet<>(ipconfig.keySet());
        shown.remove("lo");
        assertEquals(shown, names, "Wine's ipconfig /all (loopback left out) and the binding's adapters");
        assertEquals(Set.of(WineLab.NON_ASCII, WineLab.LONG_NAME, WineLab.MULTI, WineLab.BRIDGE_PORT, WineLab.BRIDGE,
                WineLab.NO_CARRIER, WineLab.DOWN), names, "the namespace's adapters, the awkward names intact");
        assertEquals(15, adapter(WineLab.LONG_NAME).name().length());
        assertEquals("n\u00e4t0", adapter(WineLab.NON_ASCII).name(), "UTF-16 decoded: the non-ASCII name");
    }

    @Test
    void indexMacTypeAndDescriptionAreTheKernelsAndIpconfigs() {
        for (NetworkAdapter a : adapters) {
            Link l = kernel.get(a.name());
            Map<String, List<String>> b = block(a.name());
            assertEquals(l.index(), a.index(), () -> a.name() + ": IfIndex is the kernel's ifindex");
            assertEquals(l.mac(), a.mac(), () -> a.name() + ": the MAC");
            assertEquals(List.of(a.mac()), b.get("Physical address"), () -> a.name() + ": ipconfig's MAC");
            assertEquals(List.of(a.description()), b.get("Description"), () -> a.name() + ": ipconfig's description");
            assertEquals(a.name(), a.description(), () -> a.name() + ": Wine describes an adapter by its Linux name");
            assertEquals("ethernet", a.type(), () -> a.name() + ": veth and bridge are IfType 6 in Wine");
            assertTrue(GUID.matcher(a.id()).matches(), () -> a.name() + ": the id is a {GUID}: " + a.id());
            assertEquals("windows", a.manager());
        }
    }

    @Test
    void addressesAndPrefixesAreTheKernelsAndIpconfigs() {
        for (NetworkAdapter a : adapters) {
            List<String> bound = a.addresses().stream().map(ip -> ip.address() + "/" + ip.prefixLength()).toList();
            List<String> kernels = kernel.get(a.name()).addresses().stream()
                    .map(ip -> ip.address() + "/" + ip.prefixLength()).toList();
            assertEquals(kernels, bound, () -> a.name() + ": the IPv4 addresses and prefixes");
            assertEquals(withoutEmpty(block(a.name()).get("IPv4 address")),
                    a.addresses().stream().map(Ipv4Address::address).toList(), () -> a.name() + ": ipconfig's addresses");
        }
        assertEquals(List.of("10.77.1.2/24", "10.77.2.2/24"), adapter(WineLab.MULTI).addresses().stream()
                .map(ip -> ip.address() + "/" + ip.prefixLength()).toList(), "two addresses on one adapter");
        assertEquals(List.of(), adapter(WineLab.BRIDGE_PORT).addresses(), "a bridge port has no IPv4 address");
    }

    @Test
    void everyAddressIsDhcpToWineExceptApipaWhichIsLinkLocal() {
        for (NetworkAdapter a : adapters) {
            for (Ipv4Address ip : a.addresses()) {
                AddressOrigin expected = ip.address().startsWith("169.254.") ? AddressOrigin.LINK_LOCAL : AddressOrigin.DHCP;
                assertEquals(expected, ip.origin(), () -> a.name() + " " + ip + ": Wine says PrefixOrigin DHCP for all");
                assertEquals(AddressState.USABLE, ip.state(), () -> a.name() + " " + ip + ": DadState Preferred");
            }
        }
        Ipv4Address apipa = adapter(WineLab.LONG_NAME).addresses().get(0);
        assertEquals("169.254.10.20", apipa.address());
        assertEquals(16, apipa.prefixLength());
        assertEquals(AddressOrigin.LINK_LOCAL, apipa.origin());
    }

    @Test
    void upIsTheAdministrativeStateEvenWithoutCarrier() {
        for (NetworkAdapter a : adapters) {
            assertEquals(!a.name().equals(WineLab.DOWN), a.up(), () -> a.name() + ": OperStatus");
        }
        // the kernel: no carrier on nocarrier0, so not up; Wine still says IfOperStatusUp (Windows would say 7)
        assertFalse(kernel.get(WineLab.NO_CARRIER).up(), "the kernel sees no carrier on " + WineLab.NO_CARRIER);
        assertTrue(kernel.get(WineLab.MULTI).up());
        assertFalse(kernel.get(WineLab.DOWN).up());
    }

    @Test
    void theDefaultGatewayIsOnTheAdapterOfTheDefaultRoute() {
        for (NetworkAdapter a : adapters) {
            assertEquals(kernel.get(a.name()).gateways(), a.gateways(), () -> a.name() + ": the kernel's default route");
            assertEquals(withoutEmpty(block(a.name()).get("Default gateway")), a.gateways(), () -> a.name() + ": ipconfig");
        }
        assertEquals(List.of(WineLab.GATEWAY), adapter(WineLab.MULTI).gateways());
    }

    @Test
    void dhcpEnabledComesFromGetAdaptersInfoAndWineHasNoLeases() {
        for (NetworkAdapter a : adapters) {
            // GetAdaptersInfo (DhcpEnabled 1 for all in Wine) wins over GetAdaptersAddresses (no DHCP flag, which is
            // what ipconfig shows): the join by GUID worked, or this would be false
            assertTrue(a.dhcpEnabled(), () -> a.name() + ": DhcpEnabled of GetAdaptersInfo");
            assertEquals(List.of("No"), block(a.name()).get("DHCP enabled"), () -> a.name() + ": ipconfig reads the other API");
            assertNull(a.dhcpServer(), () -> a.name() + ": Wine's DhcpServer is an empty string");
            assertNull(a.leaseObtained(), () -> a.name() + ": lease times 0");
            assertNull(a.leaseExpires(), () -> a.name() + ": lease times 0");
        }
    }

    /** The raw fields behind the Wine differences docs/windows-binding.md lists, read at the SDK's offsets. */
    @Test
    void theRawAnswersHoldTheDocumentedWineDifferences() throws Exception {
        IpHelperLibrary ip = WindowsNative.load(Replay.library(), "the Wine replay").ipHelper();
        Memory gaa = new Memory(64 * 1024);
        int flags = IpHelperLibrary.GAA_FLAG_INCLUDE_GATEWAYS | IpHelperLibrary.GAA_FLAG_SKIP_ANYCAST
                | IpHelperLibrary.GAA_FLAG_SKIP_MULTICAST | IpHelperLibrary.GAA_FLAG_SKIP_DNS_SERVER;
        assertEquals(0, ip.GetAdaptersAddresses(IpHelperLibrary.AF_INET, flags, null, gaa, new IntByReference(64 * 1024)));
        IpAdapterAddresses a = new IpAdapterAddresses();
        IpAdapterUnicastAddress u = new IpAdapterUnicastAddress();
        int seenAddresses = 0;
        for (Pointer p = gaa; p != null; p = p.getPointer(a.offsetOf("Next"))) {
            String name = WinStrings.wide(p.getPointer(a.offsetOf("FriendlyName")));
            boolean loopback = p.getInt(a.offsetOf("IfType")) == 24;
            assertEquals(0, p.getInt(a.offsetOf("Flags")) & IpAdapterAddresses.FLAG_DHCPV4_ENABLED, name + ": no DHCP flag");
            assertEquals(null, p.getPointer(a.offsetOf("Dhcpv4Server")), name + ": no Dhcpv4Server");
            for (Pointer q = p.getPointer(a.offsetOf("FirstUnicastAddress")); q != null; q = q.getPointer(u.offsetOf("Next"))) {
                // every address but loopback's (Manual) is DHCP to Wine, whatever the kernel says
                int origin = loopback ? IpAdapterUnicastAddress.ORIGIN_MANUAL : IpAdapterUnicastAddress.ORIGIN_DHCP;
                assertEquals(origin, q.getInt(u.offsetOf("PrefixOrigin")), name + ": PrefixOrigin");
                assertEquals(origin, q.getInt(u.offsetOf("SuffixOrigin")), name + ": SuffixOrigin");
                seenAddresses++;
            }
            if (name.equals(WineLab.NO_CARRIER)) {
                assertEquals(IpAdapterAddresses.OPER_STATUS_UP, p.getInt(a.offsetOf("OperStatus")), "no carrier, yet up");
            }
        }
        assertTrue(seenAddresses >= 7, "the walk reached the addresses: " + seenAddresses);

        Memory gai = new Memory(64 * 1024);
        assertEquals(0, ip.GetAdaptersInfo(gai, new IntByReference(64 * 1024)));
        IpAdapterInfo info = new IpAdapterInfo();
        int server = info.offsetOf("DhcpServer") + new IpAddrString().offsetOf("IpAddress");
        int infos = 0;
        for (Pointer p = gai; p != null; p = p.getPointer(info.offsetOf("Next"))) {
            assertEquals(1, p.getInt(info.offsetOf("DhcpEnabled")), "DhcpEnabled is 1 for every adapter");
            assertEquals("", p.getString(server, "US-ASCII"), "DhcpServer is an empty string");
            assertEquals(0, p.getLong(info.offsetOf("LeaseObtained")));
            assertEquals(0, p.getLong(info.offsetOf("LeaseExpires")));
            infos++;
        }
        assertEquals(adapters.size(), infos, "GetAdaptersInfo lists the same adapters (no loopback)");
    }

    @Test
    void everyAdapterIsNamedByGetInterfaceInfoAfterItsGrowAndRetry() throws Exception {
        for (NetworkAdapter a : adapters) {
            int before = Replay.calls("GetInterfaceInfo");
            OperationResult r = client.release(a, LONG);
            // 1168 would mean the GUID of GetAdaptersAddresses is not in GetInterfaceInfo, 87 a wrong name
            assertEquals(50, r.code(), () -> a.name() + ": " + r.message());
            assertEquals(2, Replay.calls("GetInterfaceInfo") - before, "room for 4 adapters at first: 7 need a retry");
        }
    }

    @Test
    void aDryRunCallsNothing() throws Exception {
        int renews = Replay.calls("IpRenewAddress");
        LeaseReport report = new LeaseEngine(client).run(LeaseRequest.builder(LeaseAction.RENEW).selector(WineLab.MULTI)
                .dryRun(true).timeout(Duration.ofSeconds(10)).build(), line -> { });
        assertEquals(1, report.outcomes().size(), report::toString);
        LeaseOutcome o = report.outcomes().get(0);
        assertEquals(OutcomeStatus.DRY_RUN, o.status(), o::message);
        assertTrue(o.message().contains("10.77.1.2"), o.message());
        assertEquals(renews, Replay.calls("IpRenewAddress"));
    }

    @Test
    void aRenewReportsWinesNotSupportedWithTheProjectsSentence() throws Exception {
        int renews = Replay.calls("IpRenewAddress");
        List<String> log = new ArrayList<>();
        LeaseReport report = new LeaseEngine(client).run(LeaseRequest.builder(LeaseAction.RENEW).selector(WineLab.MULTI)
                .timeout(Duration.ofSeconds(10)).build(), log::add);
        LeaseOutcome o = report.outcomes().get(0);
        assertEquals(OutcomeStatus.FAILED, o.status(), o::toString);
        assertEquals(50, o.errorCode());
        String sentence = new Win32Errors(null).describe(50);
        assertTrue(o.message().contains("IpRenewAddress failed for " + WineLab.MULTI), o.message());
        assertTrue(o.message().contains(sentence), () -> o.message() + "\nshould contain: " + sentence);
        assertEquals(renews + 1, Replay.calls("IpRenewAddress"), "one call into Wine's answer");
    }

    /**
     * Wine 8.0 names the owner of a socket only once the process holds its Unix fd (the dumper sends a byte for
     * that), and never for IPv6: those rows say pid 0, as do the listener's (not a Wine process). So the dumper's
     * IPv4 connection is asked for by its pid, and everything else by pid 0: together they must be exactly what ss
     * shows, addresses and ports in host order.
     */
    @Test
    void theConnectionsOfAPidAreTheOnesSsShows() throws Exception {
        Set<Integer> listening = Set.of(recording.listenPort4(), recording.listenPort6());
        Set<TcpConnection> all = new HashSet<>();
        Set<TcpConnection> dumpers = new HashSet<>();
        for (WineLab.SsRow row : recording.ss()) {
            if (!row.state().equals("ESTAB")) {
                continue;
            }
            TcpConnection c = new TcpConnection(InetAddress.getByName(row.local()).getHostAddress(), row.localPort(),
                    InetAddress.getByName(row.remote()).getHostAddress(), row.remotePort());
            all.add(c);
            if (listening.contains(row.remotePort())) {
                dumpers.add(c);
                assertTrue(row.users().contains("dumper"), () -> "ss says the dumper holds " + c + ": " + row.users());
            }
        }
        assertEquals(4, all.size(), () -> "two connections, both ends, in ss: " + recording.ss());
        assertEquals(2, dumpers.size(), () -> "the dumper's IPv4 and IPv6 ends: " + recording.ss());

        List<TcpConnection> mine = client.connectionsOf(Replay.dumperPid());
        List<TcpConnection> nobodys = client.connectionsOf(0);
        TcpConnection v4 = dumpers.stream().filter(c -> c.localAddress().equals(WineLab.V4_TARGET)).findFirst().orElseThrow();
        assertTrue(mine.contains(v4), () -> "the dumper's IPv4 connection " + v4 + " is its own: " + mine);
        assertTrue(dumpers.containsAll(mine), () -> "only the dumper's ends are the dumper's: " + mine);
        Set<TcpConnection> both = new HashSet<>(mine);
        both.addAll(nobodys);
        assertEquals(mine.size() + nobodys.size(), both.size(), "no row listed twice");
        assertEquals(all, both, "GetExtendedTcpTable (established, IPv4 and IPv6) vs ss");
        assertTrue(nobodys.stream().anyMatch(c -> c.localAddress().contains(":") && c.localPort() == recording.listenPort6()),
                () -> "an IPv6 row, its port in host order: " + nobodys);
        assertTrue(client.connectionsOf(Replay.dumperPid() + 4).isEmpty(), "no rows for another pid");
    }
}
