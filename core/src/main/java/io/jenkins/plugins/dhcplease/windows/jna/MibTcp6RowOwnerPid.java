package io.jenkins.plugins.dhcplease.windows.jna;

import com.sun.jna.Structure.FieldOrder;

/** {@code MIB_TCP6ROW_OWNER_PID} (iprtrmib.h), one IPv6 row of GetExtendedTcpTable; ports as in the IPv4 row. */
@FieldOrder({"ucLocalAddr", "dwLocalScopeId", "dwLocalPort", "ucRemoteAddr", "dwRemoteScopeId", "dwRemotePort",
        "dwState", "dwOwningPid"})
public final class MibTcp6RowOwnerPid extends WinStructure {
    public byte[] ucLocalAddr = new byte[16];
    public int dwLocalScopeId;
    public int dwLocalPort;
    public byte[] ucRemoteAddr = new byte[16];
    public int dwRemoteScopeId;
    public int dwRemotePort;
    public int dwState;
    public int dwOwningPid;

    public MibTcp6RowOwnerPid() {
    }
}
