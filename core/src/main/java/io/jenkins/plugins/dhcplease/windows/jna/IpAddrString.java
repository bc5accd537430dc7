package io.jenkins.plugins.dhcplease.windows.jna;

import com.sun.jna.Pointer;
import com.sun.jna.Structure.FieldOrder;

/** {@code IP_ADDR_STRING} (iptypes.h): a linked list of ANSI dotted quads. */
@FieldOrder({"Next", "IpAddress", "IpMask", "Context"})
public final class IpAddrString extends WinStructure {
    public Pointer Next;
    public byte[] IpAddress = new byte[16];
    public byte[] IpMask = new byte[16];
    public int Context;

    public IpAddrString() {
    }
}
