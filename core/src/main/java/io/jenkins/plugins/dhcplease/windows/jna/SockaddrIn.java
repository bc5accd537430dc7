package io.jenkins.plugins.dhcplease.windows.jna;

import com.sun.jna.Structure.FieldOrder;

/** {@code SOCKADDR_IN} (ws2def.h). */
@FieldOrder({"sin_family", "sin_port", "sin_addr", "sin_zero"})
public final class SockaddrIn extends WinStructure {
    public static final short AF_INET = 2;

    public short sin_family;
    public short sin_port;
    public byte[] sin_addr = new byte[4];
    public byte[] sin_zero = new byte[8];

    public SockaddrIn() {
    }
}
