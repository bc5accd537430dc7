package io.jenkins.plugins.dhcplease.windows;

import io.jenkins.plugins.dhcplease.model.LeaseException;
import io.jenkins.plugins.dhcplease.model.TcpConnection;
import io.jenkins.plugins.dhcplease.windows.jna.IpHelperLibrary;
import io.jenkins.plugins.dhcplease.windows.jna.MibTcp6RowOwnerPid;
import io.jenkins.plugins.dhcplease.windows.jna.MibTcp6TableOwnerPid;
import io.jenkins.plugins.dhcplease.windows.jna.MibTcpRowOwnerPid;
import io.jenkins.plugins.dhcplease.windows.jna.MibTcpTableOwnerPid;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * GetExtendedTcpTable (TCP_TABLE_OWNER_PID_ALL, IPv4 then IPv6): the established connections of one process, so
 * that the engine knows which adapter carries the agent's channel.
 */
final class TcpConnections {
    static final int ERROR_INSUFFICIENT_BUFFER = 122;
    /** Room for a few hundred rows: most machines answer on the first call. */
    private static final int INITIAL_BYTES = 16 * 1024;

    /** One family's table layout, from our JNA structures (checked against the Windows SDK by the layout tests). */
    private record Layout(int af, String name, int count, int rows, int rowSize, int state, int localAddr,
            int localPort, int remoteAddr, int remotePort, int pid, int addressBytes) {
    }

    private static final Layout V4;
    private static final Layout V6;

    static {
        MibTcpRowOwnerPid r4 = new MibTcpRowOwnerPid();
        MibTcpTableOwnerPid t4 = new MibTcpTableOwnerPid();
        V4 = new Layout(IpHelperLibrary.AF_INET, "AF_INET", t4.offsetOf("dwNumEntries"), t4.offsetOf("table"),
                r4.size(), r4.offsetOf("dwState"), r4.offsetOf("dwLocalAddr"), r4.offsetOf("dwLocalPort"),
                r4.offsetOf("dwRemoteAddr"), r4.offsetOf("dwRemotePort"), r4.offsetOf("dwOwningPid"), 4);
        MibTcp6RowOwnerPid r6 = new MibTcp6RowOwnerPid();
        MibTcp6TableOwnerPid t6 = new MibTcp6TableOwnerPid();
        V6 = new Layout(IpHelperLibrary.AF_INET6, "AF_INET6", t6.offsetOf("dwNumEntries"), t6.offsetOf("table"),
                r6.size(), r6.offsetOf("dwState"), r6.offsetOf("ucLocalAddr"), r6.offsetOf("dwLocalPort"),
                r6.offsetOf("ucRemoteAddr"), r6.offsetOf("dwRemotePort"), r6.offsetOf("dwOwningPid"), 16);
    }

    private final IpHelperLibrary ipHelper;
    private final Win32Errors errors;

    TcpConnections(IpHelperLibrary ipHelper, Win32Errors errors) {
        this.ipHelper = ipHelper;
        this.errors = errors;
    }

    /** The established connections owned by {@code pid}, IPv4 first; ports in host order. */
    List<TcpConnection> of(long pid) throws LeaseException {
        List<TcpConnection> out = new ArrayList<>();
        read(V4, pid, out);
        read(V6, pid, out);
        return out;
    }

    private void read(Layout l, long pid, List<TcpConnection> out) throws LeaseException {
        GrowingBuffer.Result r = GrowingBuffer.fill(INITIAL_BYTES, ERROR_INSUFFICIENT_BUFFER, (buf, size) ->
                ipHelper.GetExtendedTcpTable(buf, size, 0, l.af(), IpHelperLibrary.TCP_TABLE_OWNER_PID_ALL, 0));
        if (r.code() != 0) {
            throw r.failure("the TCP connections", "GetExtendedTcpTable(" + l.name() + ")", errors);
        }
        NativeBuffer b = new NativeBuffer(r.buffer());
        try {
            long table = b.first();
            // never more rows than the buffer holds, whatever the count says
            long capacity = Math.max(0, (r.buffer().size() - l.rows()) / l.rowSize());
            long count = Math.min(Integer.toUnsignedLong(b.i32(table, l.count())), capacity);
            for (int i = 0; i < count; i++) {
                int row = l.rows() + i * l.rowSize();
                if (b.i32(table, row + l.state()) == MibTcpRowOwnerPid.STATE_ESTABLISHED
                        && Integer.toUnsignedLong(b.i32(table, row + l.pid())) == pid) {
                    out.add(new TcpConnection(address(b.bytes(table, row + l.localAddr(), l.addressBytes())),
                            port(b.i32(table, row + l.localPort())),
                            address(b.bytes(table, row + l.remoteAddr(), l.addressBytes())),
                            port(b.i32(table, row + l.remotePort()))));
                }
            }
        } finally {
            b.keepReachable();
        }
    }

    /** The port of a row: network byte order in the low 16 bits of its DWORD. */
    static int port(int dword) {
        return ((dword & 0xFF) << 8) | ((dword >> 8) & 0xFF);
    }

    private static String address(byte[] networkOrder) {
        try {
            return InetAddress.getByAddress(networkOrder).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address of 4 or 16 bytes is always valid", e);
        }
    }
}
