package io.jenkins.plugins.dhcplease.windows.jna;

import com.sun.jna.Structure.FieldOrder;

/** {@code GUID}: mapped field by field so that it is 4-byte aligned as in C. */
@FieldOrder({"Data1", "Data2", "Data3", "Data4"})
public final class Guid extends WinStructure {
    public int Data1;
    public short Data2;
    public short Data3;
    public byte[] Data4 = new byte[8];
}
