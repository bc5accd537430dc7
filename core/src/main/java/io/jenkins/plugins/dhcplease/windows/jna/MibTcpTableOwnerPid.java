package io.jenkins.plugins.dhcplease.windows.jna;

import com.sun.jna.Structure.FieldOrder;

/**
 * {@code MIB_TCPTABLE_OWNER_PID} (iprtrmib.h) with its declared single row. Only its layout is used: a real table
 * holds {@code dwNumEntries} rows, read from the raw buffer at {@code offsetOf("table") + i·sizeof(row)}.
 */
@FieldOrder({"dwNumEntries", "table"})
public final class MibTcpTableOwnerPid extends WinStructure {
    public int dwNumEntries;
    public MibTcpRowOwnerPid table = new MibTcpRowOwnerPid();

    public MibTcpTableOwnerPid() {
    }
}
