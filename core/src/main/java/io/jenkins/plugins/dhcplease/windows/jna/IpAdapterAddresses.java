package io.jenkins.plugins.dhcplease.windows.jna;

import com.sun.jna.Pointer;
import com.sun.jna.Structure.FieldOrder;

/**
 * {@code IP_ADAPTER_ADDRESSES_LH} (iptypes.h), the whole structure so that its size is checkable. Pointers to
 * lists we do not walk (anycast, multicast, DNS, prefixes, WINS) stay plain pointers.
 */
@FieldOrder({"Length", "IfIndex", "Next", "AdapterName", "FirstUnicastAddress", "FirstAnycastAddress",
        "FirstMulticastAddress", "FirstDnsServerAddress", "DnsSuffix", "Description", "FriendlyName",
        "PhysicalAddress", "PhysicalAddressLength", "Flags", "Mtu", "IfType", "OperStatus", "Ipv6IfIndex",
        "ZoneIndices", "FirstPrefix", "TransmitLinkSpeed", "ReceiveLinkSpeed", "FirstWinsServerAddress",
        "FirstGatewayAddress", "Ipv4Metric", "Ipv6Metric", "Luid", "Dhcpv4Server", "CompartmentId", "NetworkGuid",
        "ConnectionType", "TunnelType", "Dhcpv6Server", "Dhcpv6ClientDuid", "Dhcpv6ClientDuidLength", "Dhcpv6Iaid",
        "FirstDnsSuffix"})
public final class IpAdapterAddresses extends WinStructure {
    /** GetAdaptersAddresses Flags bit: DHCPv4 is enabled on the adapter. */
    public static final int FLAG_DHCPV4_ENABLED = 0x04;
    /** IF_OPER_STATUS IfOperStatusUp. */
    public static final int OPER_STATUS_UP = 1;

    public int Length;
    public int IfIndex;
    public Pointer Next;
    public Pointer AdapterName;
    public Pointer FirstUnicastAddress;
    public Pointer FirstAnycastAddress;
    public Pointer FirstMulticastAddress;
    public Pointer FirstDnsServerAddress;
    public Pointer DnsSuffix;
    public Pointer Description;
    public Pointer FriendlyName;
    public byte[] PhysicalAddress = new byte[8];
    public int PhysicalAddressLength;
    public int Flags;
    public int Mtu;
    public int IfType;
    public int OperStatus;
    public int Ipv6IfIndex;
    public int[] ZoneIndices = new int[16];
    public Pointer FirstPrefix;
    public long TransmitLinkSpeed;
    public long ReceiveLinkSpeed;
    public Pointer FirstWinsServerAddress;
    public Pointer FirstGatewayAddress;
    public int Ipv4Metric;
    public int Ipv6Metric;
    public long Luid;
    public SocketAddress Dhcpv4Server;
    public int CompartmentId;
    public Guid NetworkGuid;
    public int ConnectionType;
    public int TunnelType;
    public SocketAddress Dhcpv6Server;
    public byte[] Dhcpv6ClientDuid = new byte[130];
    public int Dhcpv6ClientDuidLength;
    public int Dhcpv6Iaid;
    public Pointer FirstDnsSuffix;

    public IpAdapterAddresses() {
    }

    @Override
    protected int headAlignment() {
        return 8;
    }
}
