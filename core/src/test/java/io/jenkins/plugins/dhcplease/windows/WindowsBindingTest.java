package io.jenkins.plugins.dhcplease.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.dhcplease.engine.Deadline;
import io.jenkins.plugins.dhcplease.engine.OperationResult;
import io.jenkins.plugins.dhcplease.model.AddressOrigin;
import io.jenkins.plugins.dhcplease.model.AddressState;
import io.jenkins.plugins.dhcplease.model.Ipv4Address;
import io.jenkins.plugins.dhcplease.model.LeaseException;
import io.jenkins.plugins.dhcplease.model.NetworkAdapter;
import io.jenkins.plugins.dhcplease.windows.jna.WindowsNative;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The binding through real JNA calls into the C shim: enumeration, the sizing protocol, the join, the codes. */
@EnabledIfSystemProperty(named = "dhcplease.test.native", matches = ".+", disabledReason = "the native test artifacts"
        + " are built by the Maven profile windows-binding-shim, active where mingw-w64 is installed (scripts/install-deps)")
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "on Windows the binding runs against iphlpapi.dll: WindowsRealAdaptersTest")
@ResourceLock(Shim.LOCK)
class WindowsBindingTest {

    private static final Deadline LONG = Deadline.after(Duration.ofMinutes(1));

    private static NetworkAdapter named(List<NetworkAdapter> adapters, String name) {
        return adapters.stream().filter(a -> a.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no adapter '" + name + "' in " + adapters));
    }

    @Test
    void noAdaptersIsAnEmptyInventory() throws Exception {
        Shim.play("");
        assertEquals(List.of(), Shim.client().adapters());
        assertEquals(1, Shim.calls(Shim.GAA), "232 (no data) ends the enumeration without a retry");
    }

    @Test
    void oneAdapterIsReadFieldByField() throws Exception {
        Shim.play(Scenarios.ETHERNET);
        List<NetworkAdapter> adapters = Shim.client().adapters();
        assertEquals(1, adapters.size());
        NetworkAdapter a = adapters.get(0);
        assertEquals(Scenarios.ETHERNET_GUID, a.id());
        assertEquals(12, a.index());
        assertEquals("Ethernet", a.name());
        assertEquals("Intel(R) Ethernet Connection I219-V", a.description());
        assertEquals("00-15-5D-01-02-03", a.mac());
        assertEquals("ethernet", a.type());
        assertTrue(a.up());
        assertTrue(a.dhcpEnabled());
        assertEquals(List.of(new Ipv4Address("192.168.1.10", 24, AddressOrigin.DHCP, AddressState.USABLE)), a.addresses());
        assertEquals(List.of("192.168.1.1"), a.gateways());
        assertEquals("192.168.1.1", a.dhcpServer());
        assertEquals(Instant.ofEpochSecond(1700000000L), a.leaseObtained());
        assertEquals(Instant.ofEpochSecond(1700086400L), a.leaseExpires());
        assertEquals("windows", a.manager());
        assertEquals(1, Shim.calls(Shim.GAA), "15 KB is enough for one adapter: no retry");
        assertEquals(1, Shim.calls(Shim.GAI));
    }

    @Test
    void manyAdaptersAreJoinedByGuidAndLoopbackIsLeftOut() throws Exception {
        Shim.play(Scenarios.LAB);
        List<NetworkAdapter> adapters = Shim.client().adapters();
        assertEquals(List.of("Ethernet", "Ethernet 2", "Wi-Fi", "VPN", "Lab static", "Ethernet 3"),
                adapters.stream().map(NetworkAdapter::name).toList());
        assertEquals("00-E0-4C-68-01-02", named(adapters, "Ethernet 2").mac());
        assertEquals("10.20.0.1", named(adapters, "Ethernet 2").dhcpServer());
        assertEquals(Instant.ofEpochSecond(1700000100L), named(adapters, "Ethernet 2").leaseObtained());
        assertEquals("wifi", named(adapters, "Wi-Fi").type());
        assertEquals("172.16.4.1", named(adapters, "Wi-Fi").dhcpServer());
        NetworkAdapter vpn = named(adapters, "VPN");
        assertEquals("tunnel", vpn.type());
        assertEquals("", vpn.mac());
        NetworkAdapter fixed = named(adapters, "Lab static");
        assertFalse(fixed.dhcpEnabled());
        assertNull(fixed.dhcpServer(), "DhcpServer means nothing when DHCP is off");
        assertNull(fixed.leaseObtained());
        assertEquals(AddressOrigin.MANUAL, fixed.addresses().get(0).origin());
        assertEquals(List.of("192.168.50.1"), fixed.gateways());
        NetworkAdapter down = named(adapters, "Ethernet 3");
        assertFalse(down.up());
        assertTrue(down.dhcpEnabled());
        assertNull(down.dhcpServer(), "255.255.255.255 means no server reached yet");
        assertEquals(List.of(), down.addresses());
    }

    @Test
    void addressOriginsAndStatesAndWideNames() throws Exception {
        Shim.play("""
                adapter x
                  name Büro – Ethernet ☃ 𝄞
                  description Ünïcødé adapter
                  address 10.1.2.3/24 dhcp tentative
                  address 169.254.10.20/16 link-local
                  address 192.168.9.9/24 manual
                  address 10.7.7.7/8 dhcp
                """);
        NetworkAdapter a = Shim.client().adapters().get(0);
        assertEquals("Büro – Ethernet ☃ 𝄞", a.name(), "WCHAR is UTF-16, surrogate pairs included");
        assertEquals("Ünïcødé adapter", a.description());
        assertEquals(List.of(
                new Ipv4Address("10.1.2.3", 24, AddressOrigin.DHCP, AddressState.TENTATIVE),
                new Ipv4Address("169.254.10.20", 16, AddressOrigin.LINK_LOCAL, AddressState.USABLE),
                new Ipv4Address("192.168.9.9", 24, AddressOrigin.MANUAL, AddressState.USABLE),
                new Ipv4Address("10.7.7.7", 8, AddressOrigin.DHCP, AddressState.USABLE)), a.addresses());
        assertEquals("10.7.7.7", a.usableDhcpAddress().orElseThrow().address());
    }

    @Test
    void adaptersAddressesRetriesWhenTheTableGrows() throws Exception {
        Shim.play(Scenarios.ETHERNET + "grow GetAdaptersAddresses 2\n");
        assertEquals(1, Shim.client().adapters().size());
        assertEquals(3, Shim.calls(Shim.GAA), "two overflows (111), then the fill");
    }

    @Test
    void adaptersAddressesGivesUpAfterThreeOverflows() throws Exception {
        Shim.play(Scenarios.ETHERNET + "grow GetAdaptersAddresses 3\n");
        LeaseException e = assertThrows(LeaseException.class, () -> Shim.client().adapters());
        assertEquals(LeaseException.Kind.INVENTORY_FAILED, e.kind());
        assertEquals(111, e.code());
        assertTrue(e.getMessage().contains("GetAdaptersAddresses failed after 3 attempts"), e.getMessage());
        assertTrue(e.getMessage().contains("Win32 error 111"), e.getMessage());
        assertEquals(3, Shim.calls(Shim.GAA));
    }

    @Test
    void adaptersInfoRetriesWhenTheTableGrows() throws Exception {
        Shim.play(Scenarios.LAB + "grow GetAdaptersInfo 2\n");
        List<NetworkAdapter> adapters = Shim.client().adapters();
        assertEquals("10.20.0.1", named(adapters, "Ethernet 2").dhcpServer(), "the join still happens after retries");
        assertEquals(3, Shim.calls(Shim.GAI));
    }

    @Test
    void interfaceInfoRetriesWhenTheTableGrows() throws Exception {
        Shim.play(Scenarios.LAB + "grow GetInterfaceInfo 1\n");
        WindowsDhcpClient client = Shim.client();
        NetworkAdapter wifi = named(client.adapters(), "Wi-Fi");
        assertEquals(OperationResult.OK, client.release(wifi, LONG));
        assertEquals(3, Shim.calls(Shim.GII), "six entries overflow the first buffer (122), the table grows before the"
                + " second call (122 again), the third fills");
        assertEquals(1, Shim.adapterCalls(Shim.RELEASE, "wifi"));
    }

    @Test
    void interfaceTableEntriesAreReadAt4Plus260TimesI() throws Exception {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 9; i++) {
            s.append("adapter n").append(i).append("\n  name Ethernet ").append(i).append("\n  address 10.0.")
                    .append(i).append(".5/24 dhcp\n");
        }
        Shim.play(s.toString());
        WindowsDhcpClient client = Shim.client();
        NetworkAdapter last = named(client.adapters(), "Ethernet 8");
        assertEquals(OperationResult.OK, client.renew(last, LONG));
        assertEquals(2, Shim.calls(Shim.GII), "nine entries do not fit the first buffer (four): one 122, then the fill");
        assertEquals(1, Shim.adapterCalls(Shim.RENEW, "n8"));
        for (int i = 0; i < 8; i++) {
            assertEquals(0, Shim.adapterCalls(Shim.RENEW, "n" + i), "only the named adapter is renewed");
        }
    }

    @Test
    void releaseAndRenewChangeTheAdapterForReal() throws Exception {
        Shim.play(Scenarios.ETHERNET);
        WindowsDhcpClient client = Shim.client();
        NetworkAdapter before = client.adapters().get(0);

        assertEquals(OperationResult.OK, client.release(before, LONG));
        NetworkAdapter released = client.adapters().get(0);
        assertFalse(released.hasDhcpAddress());
        assertNull(released.dhcpServer());
        assertNull(released.leaseObtained());

        assertEquals(OperationResult.OK, client.renew(released, LONG));
        NetworkAdapter renewed = client.adapters().get(0);
        assertEquals("192.168.1.10", renewed.usableDhcpAddress().orElseThrow().address());
        assertEquals("192.168.1.1", renewed.dhcpServer());
        assertTrue(renewed.leaseObtained().isAfter(before.leaseObtained()));
        assertEquals(renewed.leaseObtained().plusSeconds(86400), renewed.leaseExpires());
        assertEquals(renewed.leaseObtained(), client.adapters().get(0).leaseObtained(), "stable across reads");
        assertTrue(client.renewConfirmedOnReturn());
    }

    static Stream<Arguments> mappedCodes() {
        return Stream.of(
                Arguments.of(2, "removed or renamed"),
                Arguments.of(5, "run the Jenkins agent as a Windows service"),
                Arguments.of(31, "DHCP Client service"),
                Arguments.of(50, "does not support"),
                Arguments.of(87, "adapter name"),
                Arguments.of(111, "kept growing"),
                Arguments.of(121, "no DHCP server answered in time"),
                Arguments.of(122, "kept growing"),
                Arguments.of(123, "rejected the adapter name"),
                Arguments.of(127, "the DHCP client's request failed"),
                Arguments.of(232, "no IPv4-enabled adapter"),
                Arguments.of(740, "elevated command prompt"),
                Arguments.of(1168, "not in Windows' list of IPv4 adapters"),
                Arguments.of(1228, "no address is associated"),
                Arguments.of(1231, "network cannot be reached"),
                Arguments.of(1460, "timed out"),
                Arguments.of(4100, "already used by another host"));
    }

    @ParameterizedTest(name = "renew answering {0}")
    @MethodSource("mappedCodes")
    void everyMappedRenewCodeHasItsSentenceAndChangesNothing(int code, String fragment) throws Exception {
        Shim.play(Scenarios.ETHERNET + "  renew-code " + code + "\n");
        WindowsDhcpClient client = Shim.client();
        NetworkAdapter before = client.adapters().get(0);
        OperationResult r = client.renew(before, LONG);
        assertEquals(code, r.code());
        assertTrue(r.message().startsWith("IpRenewAddress failed for Ethernet (index 12): Win32 error " + code + ", "),
                r.message());
        assertTrue(r.message().contains(fragment), r.message());
        assertEquals(0, Shim.calls(Shim.FORMAT), "a mapped code needs no system text");
        assertEquals(before, client.adapters().get(0), "a failed renew leaves the adapter as it was");
    }

    @ParameterizedTest(name = "release answering {0}")
    @MethodSource("mappedCodes")
    void everyMappedReleaseCodeHasItsSentence(int code, String fragment) throws Exception {
        Shim.play(Scenarios.ETHERNET + "  release-code " + code + "\n");
        OperationResult r = Shim.client().release(Shim.client().adapters().get(0), LONG);
        assertEquals(code, r.code());
        assertTrue(r.message().contains("IpReleaseAddress failed") && r.message().contains(fragment), r.message());
    }

    @Test
    void notElevatedSaysHowToElevate() throws Exception {
        for (int code : new int[] {5, 740}) {
            Shim.play(Scenarios.ETHERNET + "fail IpRenewAddress " + code + "\n");
            String m = Shim.client().renew(Shim.client().adapters().get(0), LONG).message();
            assertTrue(m.contains("not elevated") && m.contains("Windows service") && m.contains("elevated command prompt"), m);
        }
    }

    @Test
    void otherCodesComeFromFormatMessageAndAreFreed() throws Exception {
        Shim.play(Scenarios.ETHERNET + "  renew-code 1236\nmessage 1236 The network connection was aborted by the local system.\n");
        OperationResult r = Shim.client().renew(Shim.client().adapters().get(0), LONG);
        assertEquals(1236, r.code());
        assertTrue(r.message().endsWith("Win32 error 1236: The network connection was aborted by the local system."),
                "system text, CRLF stripped: " + r.message());
        assertEquals(1, Shim.calls(Shim.FORMAT));
        assertEquals(1, Shim.calls(Shim.FREE), "the buffer FormatMessageW allocated is freed with LocalFree");
    }

    @Test
    void aCodeWithoutSystemTextFallsBackToItsNumber() throws Exception {
        Shim.play(Scenarios.ETHERNET + "  renew-code 9999\n");
        OperationResult r = Shim.client().renew(Shim.client().adapters().get(0), LONG);
        assertTrue(r.message().endsWith(": Win32 error 9999"), r.message());
        assertEquals(1, Shim.calls(Shim.FORMAT));
        assertEquals(0, Shim.calls(Shim.FREE), "nothing was allocated, nothing is freed");
    }

    @Test
    void inventoryFailuresCarryTheCodeAndItsSentence() throws Exception {
        Shim.play(Scenarios.ETHERNET + "fail GetAdaptersInfo 13\nmessage 13 The data is invalid.\n");
        LeaseException e = assertThrows(LeaseException.class, () -> Shim.client().adapters());
        assertEquals(LeaseException.Kind.INVENTORY_FAILED, e.kind());
        assertEquals(13, e.code());
        assertEquals("Windows would not list the network adapters: GetAdaptersInfo failed. Win32 error 13: The data is"
                + " invalid.", e.getMessage());

        Shim.play(Scenarios.ETHERNET + "fail GetAdaptersAddresses 1228\n");
        e = assertThrows(LeaseException.class, () -> Shim.client().adapters());
        assertEquals(1228, e.code());
        assertTrue(e.getMessage().contains("GetAdaptersAddresses failed. Win32 error 1228, ERROR_ADDRESS_NOT_ASSOCIATED"),
                e.getMessage());
    }

    @Test
    void anAdapterMissingFromTheInterfaceTableIsNotFoundAndNotCalled() throws Exception {
        Shim.play(Scenarios.LAB.replace("  index 21\n", "  index 21\n  hidden-from-interface-info\n"));
        WindowsDhcpClient client = Shim.client();
        OperationResult r = client.renew(named(client.adapters(), "Wi-Fi"), LONG);
        assertEquals(1168, r.code());
        assertTrue(r.message().contains("Wi-Fi (index 21) {B0B0B0B0-1111-2222-3333-444455556666} is not among the IPv4"
                + " adapters of GetInterfaceInfo") && r.message().contains("nothing was changed"), r.message());
        assertEquals(0, Shim.calls(Shim.RENEW));
    }

    @Test
    void anEmptyInterfaceTableIsNeverReadAtEntryZero() throws Exception {
        // the shim answers NumAdapters = 0 with a real-looking entry for this very adapter in Adapter[0]
        Shim.play(Scenarios.ETHERNET + "  hidden-from-interface-info\n");
        WindowsDhcpClient client = Shim.client();
        OperationResult r = client.release(client.adapters().get(0), LONG);
        assertEquals(1168, r.code());
        assertEquals(1, Shim.calls(Shim.GII));
        assertEquals(0, Shim.calls(Shim.RELEASE), "Adapter[0] of an empty table is undefined data");
    }

    @Test
    void interfaceInfoFailureIsReportedWithItsCode() throws Exception {
        Shim.play(Scenarios.ETHERNET + "fail GetInterfaceInfo 31\n");
        OperationResult r = Shim.client().release(Shim.client().adapters().get(0), LONG);
        assertEquals(31, r.code());
        assertTrue(r.message().startsWith("GetInterfaceInfo failed while looking up Ethernet (index 12) for"
                + " IpReleaseAddress; nothing was changed. Win32 error 31"), r.message());
        assertEquals(0, Shim.calls(Shim.RELEASE));
    }

    @Test
    void aLibraryOverrideThatIsNoFileIsRefused() {
        String saved = System.getProperty(WindowsNative.PROPERTY);
        System.setProperty(WindowsNative.PROPERTY, "/nonexistent/libiphlpapi.so");
        try {
            LeaseException e = assertThrows(LeaseException.class, WindowsDhcpClient::create);
            assertEquals(LeaseException.Kind.BAD_INPUT, e.kind());
            assertTrue(e.getMessage().contains("system property dhcplease.iphlpapi names /nonexistent/libiphlpapi.so,"
                    + " which is not a file"), e.getMessage());
        } finally {
            System.setProperty(WindowsNative.PROPERTY, saved);
        }
    }

    @Test
    void theFactoryLoadsTheShimNamedByTheProperty() throws Exception {
        Shim.play(Scenarios.ETHERNET);
        var client = WindowsDhcpClient.create();
        assertTrue(client instanceof WindowsDhcpClient, client.getClass().getName());
        assertEquals(List.of("Ethernet"), client.adapters().stream().map(NetworkAdapter::name).toList());
        assertEquals(1, Shim.calls(Shim.GAA));
    }
}
