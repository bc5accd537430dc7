package io.jenkins.plugins.dhcplease.windows.jna;

import com.sun.jna.Pointer;
import com.sun.jna.Structure.FieldOrder;

/** {@code IP_ADAPTER_GATEWAY_ADDRESS_LH} (iptypes.h). */
@FieldOrder({"Length", "Reserved", "Next", "Address"})
public final class IpAdapterGatewayAddress extends WinStructure {
    public int Length;
    public int Reserved;
    public Pointer Next;
    public SocketAddress Address;

    public IpAdapterGatewayAddress() {
    }

    @Override
    protected int headAlignment() {
        return 8;
    }
}
