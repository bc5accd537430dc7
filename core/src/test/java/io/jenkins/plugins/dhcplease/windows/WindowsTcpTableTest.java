package io.jenkins.plugins.dhcplease.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.dhcplease.model.LeaseException;
import io.jenkins.plugins.dhcplease.model.TcpConnection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.parallel.ResourceLock;

/** connectionsOf(pid) through GetExtendedTcpTable, played by the shim (Wine's answer: WineIpHelperTest). */
@EnabledIfSystemProperty(named = "dhcplease.test.native", matches = ".+", disabledReason = "the native test artifacts"
        + " are built by the Maven profile windows-binding-shim, active where mingw-w64 is installed (scripts/install-deps)")
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "on Windows the binding runs against iphlpapi.dll: WindowsRealAdaptersTest")
@ResourceLock(Shim.LOCK)
class WindowsTcpTableTest {
    private static final String TCP = "GetExtendedTcpTable";

    /** An agent (pid 4242) with its channel, a listener, a closing socket; another process; IPv6 and mapped rows. */
    private static final String AGENT = Scenarios.ETHERNET + """
            tcp 4242 established 192.168.1.10:49723 10.0.0.5:443
            tcp 4242 listen 0.0.0.0:8080 0.0.0.0:0
            tcp 4242 time-wait 192.168.1.10:49700 10.0.0.5:443
            tcp 99 established 192.168.1.10:49724 10.0.0.5:443
            tcp 4242 established [fe80::1%12]:50001 [fe80::2%12]:22
            tcp 4242 close-wait [2001:db8::10]:50003 [2001:db8::1]:80
            tcp 4242 established [::ffff:192.168.1.10]:50002 [::ffff:10.0.0.6]:8443
            tcp 4294967295 established 192.168.1.10:1 10.0.0.5:2
            """;

    @Test
    void establishedRowsOfThePidBothFamiliesPortsInHostOrder() throws Exception {
        Shim.play(AGENT);
        List<TcpConnection> c = Shim.client().connectionsOf(4242);
        assertEquals(List.of(new TcpConnection("192.168.1.10", 49723, "10.0.0.5", 443),
                new TcpConnection("fe80:0:0:0:0:0:0:1", 50001, "fe80:0:0:0:0:0:0:2", 22),
                // an IPv4-mapped IPv6 row reads as the IPv4 address it is
                new TcpConnection("192.168.1.10", 50002, "10.0.0.6", 8443)), c);
        assertEquals(2, Shim.calls(TCP), "one call per family: 16 KB is enough");
    }

    @Test
    void otherPidsAndAPidAbove2To31() throws Exception {
        Shim.play(AGENT);
        assertEquals(List.of(new TcpConnection("192.168.1.10", 49724, "10.0.0.5", 443)), Shim.client().connectionsOf(99));
        assertEquals(List.of(new TcpConnection("192.168.1.10", 1, "10.0.0.5", 2)),
                Shim.client().connectionsOf(4294967295L), "a DWORD pid is unsigned");
        assertEquals(List.of(), Shim.client().connectionsOf(7));
    }

    @Test
    void noConnectionsAtAll() throws Exception {
        Shim.play(Scenarios.ETHERNET);
        assertEquals(List.of(), Shim.client().connectionsOf(4242));
    }

    @Test
    void aTableThatGrowsIsReadAgain() throws Exception {
        Shim.play(AGENT + "grow GetExtendedTcpTable 2\n");
        assertEquals(3, Shim.client().connectionsOf(4242).size());
        assertEquals(4, Shim.calls(TCP), "IPv4: grown twice, then read; IPv6: read at once");
    }

    @Test
    void aFailureIsAnInventoryErrorWithItsSentence() throws Exception {
        Shim.play(AGENT + "fail GetExtendedTcpTable 87\n");
        LeaseException e = assertThrows(LeaseException.class, () -> Shim.client().connectionsOf(4242));
        assertEquals(LeaseException.Kind.INVENTORY_FAILED, e.kind());
        assertEquals(87, e.code());
        assertTrue(e.getMessage().startsWith("Windows would not list the TCP connections: GetExtendedTcpTable(AF_INET)"
                + " failed. Win32 error 87"), e.getMessage());
    }

    @Test
    void anAbsurdSizeIsAnInventoryErrorNotARetry() throws Exception {
        Shim.play(AGENT + "oversize GetExtendedTcpTable 3000000000\n");
        LeaseException e = assertThrows(LeaseException.class, () -> Shim.client().connectionsOf(4242));
        assertEquals(LeaseException.Kind.INVENTORY_FAILED, e.kind());
        assertTrue(e.getMessage().contains("GetExtendedTcpTable(AF_INET) asked for a buffer of 3000000000 bytes"),
                e.getMessage());
        assertEquals(1, Shim.calls(TCP));
    }
}
