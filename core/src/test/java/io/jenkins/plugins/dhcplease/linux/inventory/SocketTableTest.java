package io.jenkins.plugins.dhcplease.linux.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.dhcplease.model.TcpConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SocketTableTest {

    @Test
    void onlyEstablishedConnectionsOfTheProcessCountAndMappedAddressesReadAsIpv4() {
        List<String> tcp = List.of(
                "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
                "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 111 1",
                "   1: 690012C6:9C40 010012C6:B7B1 01 00000000:00000000 00:00000000 00000000     0        0 222 1",
                "   2: 690012C6:9C41 010012C6:B7B1 01 00000000:00000000 00:00000000 00000000     0        0 333 1");
        List<String> tcp6 = List.of(
                "  sl  local_address                         remote_address                        st tx_queue rx_queue",
                "   0: 0000000000000000FFFF0000690012C6:9C42 0000000000000000FFFF0000010012C6:B7B1 01 00000000:00000000"
                        + " 00:00000000 00000000     0        0 444 1",
                "   1: B80D0120000000000000000005000000:9C43 B80D0120000000000000000001000000:0050 01 00000000:00000000"
                        + " 00:00000000 00000000     0        0 555 1");
        Set<String> mine = Set.of("111", "222", "444", "555");
        assertEquals(List.of(new TcpConnection("198.18.0.105", 40000, "198.18.0.1", 47025)), SocketTable.parse(tcp, mine),
                "the listener (state 0A) and the other process's socket (333) do not count");
        assertEquals(List.of(new TcpConnection("198.18.0.105", 40002, "198.18.0.1", 47025),
                new TcpConnection("2001:db8:0:0:0:0:0:5", 40003, "2001:db8:0:0:0:0:0:1", 80)), SocketTable.parse(tcp6, mine));
    }

    @Test
    void thisJvmsOwnConnectionIsFoundInProc() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             Socket accepted = server.accept()) {
            List<TcpConnection> mine = SocketTable.established(Path.of("/proc"), ProcessHandle.current().pid());
            assertTrue(mine.contains(new TcpConnection("127.0.0.1", client.getLocalPort(), "127.0.0.1", server.getLocalPort())),
                    mine.toString());
            assertTrue(mine.contains(new TcpConnection("127.0.0.1", server.getLocalPort(), "127.0.0.1", client.getLocalPort())),
                    mine.toString());
        }
    }
}
