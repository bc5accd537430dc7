package io.jenkins.plugins.dhcplease.windows.jna;

import com.sun.jna.Pointer;
import com.sun.jna.Structure.FieldOrder;

/** {@code SOCKET_ADDRESS}: a pointer to a sockaddr and its length. */
@FieldOrder({"lpSockaddr", "iSockaddrLength"})
public final class SocketAddress extends WinStructure {
    public Pointer lpSockaddr;
    public int iSockaddrLength;

    public SocketAddress() {
    }
}
