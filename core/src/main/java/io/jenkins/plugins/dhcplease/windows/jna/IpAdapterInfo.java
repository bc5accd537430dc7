package io.jenkins.plugins.dhcplease.windows.jna;

import com.sun.jna.Pointer;
import com.sun.jna.Structure.FieldOrder;

/** {@code IP_ADAPTER_INFO} (iptypes.h): the only source of DhcpEnabled, DhcpServer and the lease times. */
@FieldOrder({"Next", "ComboIndex", "AdapterName", "Description", "AddressLength", "Address", "Index", "Type",
        "DhcpEnabled", "CurrentIpAddress", "IpAddressList", "GatewayList", "DhcpServer", "HaveWins",
        "PrimaryWinsServer", "SecondaryWinsServer", "LeaseObtained", "LeaseExpires"})
public final class IpAdapterInfo extends WinStructure {
    public Pointer Next;
    public int ComboIndex;
    public byte[] AdapterName = new byte[260];
    public byte[] Description = new byte[132];
    public int AddressLength;
    public byte[] Address = new byte[8];
    public int Index;
    public int Type;
    public int DhcpEnabled;
    public Pointer CurrentIpAddress;
    public IpAddrString IpAddressList;
    public IpAddrString GatewayList;
    public IpAddrString DhcpServer;
    public int HaveWins;
    public IpAddrString PrimaryWinsServer;
    public IpAddrString SecondaryWinsServer;
    public TimeT LeaseObtained;
    public TimeT LeaseExpires;

    public IpAdapterInfo() {
    }
}
