package io.jenkins.plugins.dhcplease.windows.jna;

import com.sun.jna.Pointer;
import com.sun.jna.Structure.FieldOrder;

/** {@code IP_ADAPTER_UNICAST_ADDRESS_LH} (iptypes.h). {@code Next} is a plain pointer into the caller's buffer. */
@FieldOrder({"Length", "Flags", "Next", "Address", "PrefixOrigin", "SuffixOrigin", "DadState", "ValidLifetime",
        "PreferredLifetime", "LeaseLifetime", "OnLinkPrefixLength"})
public final class IpAdapterUnicastAddress extends WinStructure {
    /** IP_PREFIX_ORIGIN / IP_SUFFIX_ORIGIN values. */
    public static final int ORIGIN_MANUAL = 1;
    public static final int ORIGIN_DHCP = 3;
    /** IP_DAD_STATE values. */
    public static final int DAD_TENTATIVE = 1;
    public static final int DAD_PREFERRED = 4;

    public int Length;
    public int Flags;
    public Pointer Next;
    public SocketAddress Address;
    public int PrefixOrigin;
    public int SuffixOrigin;
    public int DadState;
    public int ValidLifetime;
    public int PreferredLifetime;
    public int LeaseLifetime;
    public byte OnLinkPrefixLength;

    public IpAdapterUnicastAddress() {
    }

    @Override
    protected int headAlignment() {
        return 8;
    }
}
