package io.jenkins.plugins.dhcplease.windows.jna;

import com.sun.jna.Structure.FieldOrder;

/** {@code MIB_TCP6TABLE_OWNER_PID} (iprtrmib.h) with its declared single row; used like {@link MibTcpTableOwnerPid}. */
@FieldOrder({"dwNumEntries", "table"})
public final class MibTcp6TableOwnerPid extends WinStructure {
    public int dwNumEntries;
    public MibTcp6RowOwnerPid table = new MibTcp6RowOwnerPid();

    public MibTcp6TableOwnerPid() {
    }
}
