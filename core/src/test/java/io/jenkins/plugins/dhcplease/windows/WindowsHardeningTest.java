package io.jenkins.plugins.dhcplease.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import io.jenkins.plugins.dhcplease.engine.Deadline;
import io.jenkins.plugins.dhcplease.engine.OperationResult;
import io.jenkins.plugins.dhcplease.model.LeaseException;
import io.jenkins.plugins.dhcplease.model.NetworkAdapter;
import io.jenkins.plugins.dhcplease.windows.jna.WindowsNative;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * What a real Windows machine could hit and neither the shim's ordinary scenarios nor Wine show: the DLLs loaded
 * from the system directory only, a table size the OS reports above 2^31, a 32-bit table above 2 GB.
 */
@EnabledIfSystemProperty(named = "dhcplease.test.native", matches = ".+", disabledReason = "the native test artifacts"
        + " are built by the Maven profile windows-binding-shim, active where mingw-w64 is installed (scripts/install-deps)")
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "on Windows the binding runs against iphlpapi.dll: WindowsRealAdaptersTest")
@ResourceLock(Shim.LOCK)
class WindowsHardeningTest {

    private static WindowsNative.SystemDirectory systemDirectory() {
        return Native.load(Shim.library().toString(), WindowsNative.SystemDirectory.class);
    }

    @Test
    void theDllsAreNamedByFullPathInTheSystemDirectory() throws Exception {
        Shim.play("");
        String dir = WindowsNative.systemDirectory(systemDirectory());
        assertEquals("C:\\Windows\\system32", dir, "GetSystemDirectoryW, decoded from UTF-16");
        assertEquals("C:\\Windows\\system32\\iphlpapi.dll", WindowsNative.systemLibrary(dir, "iphlpapi.dll"));
        assertEquals("C:\\kernel32.dll", WindowsNative.systemLibrary("C:\\", "kernel32.dll"));
        assertEquals(1, Shim.calls("GetSystemDirectoryW"));
    }

    @Test
    void aSystemDirectoryLongerThanMaxPathIsAskedForAgain() throws Exception {
        String deep = "D:\\" + "w".repeat(300) + "\\Syst\u00e8me32";
        Shim.play("sysdir " + deep + "\n");
        assertEquals(deep, WindowsNative.systemDirectory(systemDirectory()));
        assertEquals(2, Shim.calls("GetSystemDirectoryW"), "MAX_PATH first, then the size Windows asked for");
    }

    @Test
    void noSystemDirectoryMeansNoIpHelperAtAll() {
        Shim.play("fail GetSystemDirectoryW 1\n");
        LeaseException e = assertThrows(LeaseException.class, () -> WindowsNative.systemDirectory(systemDirectory()));
        assertEquals(LeaseException.Kind.UNSUPPORTED, e.kind());
        assertTrue(e.getMessage().contains("GetSystemDirectoryW failed") && e.getMessage().contains("never through the"
                + " DLL search order"), e.getMessage());
    }

    @Test
    void withoutOverrideTheSystemDirectoryComesFirst() {
        String saved = System.getProperty(WindowsNative.PROPERTY);
        System.clearProperty(WindowsNative.PROPERTY);
        try {
            org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv(WindowsNative.ENV) == null, WindowsNative.ENV + " is set");
            LeaseException e = assertThrows(LeaseException.class, WindowsNative::load);
            assertEquals(LeaseException.Kind.UNSUPPORTED, e.kind());
            // off Windows the first load is kernel32's GetSystemDirectoryW, never a bare "iphlpapi"
            assertTrue(e.getMessage().startsWith("cannot load the Windows IP Helper API from kernel32.dll"), e.getMessage());
        } finally {
            System.setProperty(WindowsNative.PROPERTY, saved);
        }
    }

    @Test
    void aTableSizeAbove2To31IsACleanInventoryError() throws Exception {
        for (String function : new String[] {Shim.GAA, Shim.GAI}) {
            Shim.play(Scenarios.ETHERNET + "oversize " + function + " 4294967295\n");
            LeaseException e = assertThrows(LeaseException.class, () -> Shim.client().adapters(), function);
            assertEquals(LeaseException.Kind.INVENTORY_FAILED, e.kind());
            assertEquals(111, e.code());
            assertTrue(e.getMessage().startsWith("Windows would not list the network adapters: " + function
                    + " asked for a buffer of 4294967295 bytes, more than the 2147483647 a table can take"), e.getMessage());
            assertEquals(1, Shim.calls(function), "not called again with that size");
        }
        Shim.play(Scenarios.ETHERNET + "oversize GetAdaptersAddresses 2147483647\n");
        LeaseException e = assertThrows(LeaseException.class, () -> Shim.client().adapters());
        assertTrue(e.getMessage().contains("failed after 3 attempts"), "2^31 - 1 is still a size to try: " + e.getMessage());
    }

    @Test
    void anInterfaceTableSizeAbove2To31FailsTheCallAndCallsNothing() throws Exception {
        Shim.play(Scenarios.ETHERNET);
        NetworkAdapter eth = Shim.client().adapters().get(0);
        Shim.play(Scenarios.ETHERNET + "oversize GetInterfaceInfo 2147483648\n");
        OperationResult r = Shim.client().release(eth, Deadline.after(Duration.ofSeconds(10)));
        assertEquals(122, r.code());
        assertTrue(r.message().contains("GetInterfaceInfo asked for a buffer of 2147483648 bytes"), r.message());
        assertTrue(r.message().contains("nothing was changed"), r.message());
        assertEquals(0, Shim.calls(Shim.RELEASE));
    }

    @Test
    void aSizeOfAllOnesIsNotRetried() {
        GrowingBuffer.Result r = GrowingBuffer.fill(64, 111, (buf, size) -> {
            size.setValue(-1); // ULONG 0xFFFFFFFF
            return 111;
        });
        assertEquals(4294967295L, r.oversize());
        assertEquals(1, r.attempts());
        assertNull(r.buffer());
    }

    /** A 32-bit table at 0xF0000000: its pointers read as 4 bytes must still fall inside the buffer. */
    @Test
    void thirtyTwoBitPointersAbove2GbAreInsideTheBuffer() {
        long base = 0xF000_0000L;
        Memory m = new Memory(64);
        m.clear();
        m.setInt(0, (int) (base + 16)); // a char* to the string at offset 16
        m.setInt(4, -1);                // a 32-bit time_t of -1 stays -1
        m.write(16, "{GUID}\0".getBytes(StandardCharsets.US_ASCII), 0, 7);
        NativeBuffer b = new NativeBuffer(m, base, 4);
        assertEquals(base + 16, b.pointer(b.first(), 0), "zero-extended, never negative");
        assertTrue(b.contains(b.pointer(b.first(), 0)), "recognised as inside the buffer");
        assertEquals("{GUID}", b.ansiAt(b.pointer(b.first(), 0)), "read from the buffer, not through JNA");
        assertEquals(-1, b.timeT(b.first(), 4), "time_t is signed");
        assertTrue(!b.contains(base - 1) && !b.contains(base + 64), "and the bounds hold");
        b.keepReachable();
    }
}
