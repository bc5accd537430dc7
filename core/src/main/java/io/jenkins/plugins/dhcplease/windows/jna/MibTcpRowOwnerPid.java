package io.jenkins.plugins.dhcplease.windows.jna;

import com.sun.jna.Structure.FieldOrder;

/**
 * {@code MIB_TCPROW_OWNER_PID} (iprtrmib.h), one IPv4 row of GetExtendedTcpTable. Addresses are in network byte
 * order (read them as 4 bytes); ports are in network byte order in the low 16 bits of their DWORD.
 */
@FieldOrder({"dwState", "dwLocalAddr", "dwLocalPort", "dwRemoteAddr", "dwRemotePort", "dwOwningPid"})
public final class MibTcpRowOwnerPid extends WinStructure {
    /** MIB_TCP_STATE_ESTAB. */
    public static final int STATE_ESTABLISHED = 5;

    public int dwState;
    public int dwLocalAddr;
    public int dwLocalPort;
    public int dwRemoteAddr;
    public int dwRemotePort;
    public int dwOwningPid;

    public MibTcpRowOwnerPid() {
    }
}
