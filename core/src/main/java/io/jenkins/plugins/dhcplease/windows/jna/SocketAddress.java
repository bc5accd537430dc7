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

    /** The IPv4 address, or null when this is another family or empty. */
    public String ipv4() {
        if (lpSockaddr == null || iSockaddrLength < 8 || lpSockaddr.getShort(0) != SockaddrIn.AF_INET) {
            return null;
        }
        return new SockaddrIn(lpSockaddr).address();
    }
}
