package io.jenkins.plugins.dhcplease.windows.jna;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Native;
import io.jenkins.plugins.dhcplease.windows.Shim;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Every size and offset of every IP Helper structure, compared with what the Windows SDK headers give (mingw-w64,
 * computed at build time with offsetof/sizeof): our JNA structures, the shim's C structures, and the 32-bit layout of
 * our field declarations.
 */
@EnabledIfSystemProperty(named = "dhcplease.test.native", matches = ".+", disabledReason = "the native test artifacts"
        + " are built by the Maven profile windows-binding-shim, active where mingw-w64 is installed (scripts/install-deps)")
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the SDK numbers are compiled by mingw-w64 on the Linux build;"
        + " on Windows the binding meets the real DLL instead")
class StructureLayoutTest {

    /** C type name → our structure. */
    private static final Map<String, Supplier<WinStructure>> STRUCTURES = new LinkedHashMap<>();

    static {
        STRUCTURES.put("SOCKADDR_IN", SockaddrIn::new);
        STRUCTURES.put("SOCKET_ADDRESS", SocketAddress::new);
        STRUCTURES.put("GUID", Guid::new);
        STRUCTURES.put("IP_ADAPTER_UNICAST_ADDRESS_LH", IpAdapterUnicastAddress::new);
        STRUCTURES.put("IP_ADAPTER_GATEWAY_ADDRESS_LH", IpAdapterGatewayAddress::new);
        STRUCTURES.put("IP_ADAPTER_ADDRESSES_LH", IpAdapterAddresses::new);
        STRUCTURES.put("IP_ADDR_STRING", IpAddrString::new);
        STRUCTURES.put("IP_ADAPTER_INFO", IpAdapterInfo::new);
        STRUCTURES.put("IP_ADAPTER_INDEX_MAP", IpAdapterIndexMap::new);
        STRUCTURES.put("IP_INTERFACE_INFO", IpInterfaceInfo::new);
        STRUCTURES.put("MIB_TCPROW_OWNER_PID", MibTcpRowOwnerPid::new);
        STRUCTURES.put("MIB_TCPTABLE_OWNER_PID", MibTcpTableOwnerPid::new);
        STRUCTURES.put("MIB_TCP6ROW_OWNER_PID", MibTcp6RowOwnerPid::new);
        STRUCTURES.put("MIB_TCP6TABLE_OWNER_PID", MibTcp6TableOwnerPid::new);
    }

    /** What JNA computes for this JVM, as "TYPE.member"/"TYPE.size" entries. */
    private static Map<String, Integer> jnaLayout() {
        Map<String, Integer> m = new LinkedHashMap<>();
        STRUCTURES.forEach((type, make) -> {
            WinStructure s = make.get();
            for (String f : s.fields()) {
                m.put(type + "." + f, s.offsetOf(f));
            }
            m.put(type + ".size", s.size());
        });
        return m;
    }

    private static Map<String, Integer> msvcLayout(int pointerSize) {
        Map<String, Integer> m = new LinkedHashMap<>();
        STRUCTURES.forEach((type, make) -> m.putAll(new MsvcLayout(type, make.get(), pointerSize).entries));
        return m;
    }

    /** Equal entry for entry, both ways: a field missing on either side is a failure too. */
    private static void assertSameLayout(Map<String, Integer> expected, Map<String, Integer> actual, String what) {
        List<String> problems = new ArrayList<>();
        for (String k : new TreeSet<>(expected.keySet())) {
            if (!actual.containsKey(k)) {
                problems.add(k + ": missing in " + what);
            } else if (!expected.get(k).equals(actual.get(k))) {
                problems.add(k + ": SDK " + expected.get(k) + ", " + what + " " + actual.get(k));
            }
        }
        for (String k : actual.keySet()) {
            if (!expected.containsKey(k)) {
                problems.add(k + ": declared in " + what + " but not checked against the SDK (add it to layout_entries.h)");
            }
        }
        assertTrue(problems.isEmpty(), what + " differs from the Windows SDK headers:\n  " + String.join("\n  ", problems));
    }

    @Test
    void theSdkTablesHoldTheDocumentedAnchors() throws Exception {
        // guards the extraction itself (section, record format): the reference's measured values
        Map<String, Integer> x64 = LayoutTable.load("x64");
        Map<String, Integer> x86 = LayoutTable.load("x86");
        assertEquals(704, x64.get("IP_ADAPTER_INFO.size"));
        assertEquals(640, x86.get("IP_ADAPTER_INFO.size"));
        assertEquals(448, x64.get("IP_ADAPTER_ADDRESSES_LH.size"));
        assertEquals(376, x86.get("IP_ADAPTER_ADDRESSES_LH.size"));
        assertEquals(24, x64.get("MIB_TCPROW_OWNER_PID.size"));
        assertEquals(56, x86.get("MIB_TCP6ROW_OWNER_PID.size"));
        assertEquals(x64.keySet(), x86.keySet());
    }

    @Test
    void jnaStructuresMatchTheSdkForThisJvm() throws Exception {
        String arch = Native.POINTER_SIZE == 8 ? "x64" : "x86";
        assertSameLayout(LayoutTable.load(arch), jnaLayout(), "JNA (" + arch + ")");
    }

    @Test
    void fieldDeclarationsGiveTheSdkLayoutForBothPointerSizes() throws Exception {
        Map<String, Integer> x64 = LayoutTable.load("x64");
        assertSameLayout(x64, msvcLayout(8), "the MSVC model of our fields (x64)");
        assertSameLayout(LayoutTable.load("x86"), msvcLayout(4), "the MSVC model of our fields (x86)");
        assertSameLayout(jnaLayout(), msvcLayout(Native.POINTER_SIZE), "the MSVC model vs JNA");
        assertFalse(x64.isEmpty());
    }

    @Test
    @ResourceLock(Shim.LOCK)
    void theShimMatchesTheSdkX64Layout() throws Exception {
        Map<String, Integer> x64 = LayoutTable.load("x64");
        Shim.Control shim = Shim.control();
        assertNotNull(shim);
        List<String> problems = new ArrayList<>();
        x64.forEach((k, v) -> {
            int actual = shim.shim_layout(k);
            if (actual != v) {
                problems.add(k + ": SDK " + v + ", shim " + (actual == -1 ? "missing" : actual));
            }
        });
        assertTrue(problems.isEmpty(), "the shim's structures differ from the SDK:\n  " + String.join("\n  ", problems));
    }

    @Test
    void interfaceTableEntriesSitAt4Plus260TimesI() throws Exception {
        Map<String, Integer> sdk = LayoutTable.load(Native.POINTER_SIZE == 8 ? "x64" : "x86");
        int header = sdk.get("IP_INTERFACE_INFO.Adapter");
        int entry = sdk.get("IP_ADAPTER_INDEX_MAP.size");
        for (int i = 0; i < 5; i++) {
            assertEquals(header + (long) entry * i, IpInterfaceInfo.entryOffset(i));
        }
        assertEquals(0, IpInterfaceInfo.capacity(header));
        assertEquals(3, IpInterfaceInfo.capacity(header + 3L * entry + entry - 1));
    }
}
