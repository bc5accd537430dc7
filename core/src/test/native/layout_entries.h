/*
 * The structure members whose size and offset the Java binding depends on, as an X-macro list:
 * SIZE(type) and OFF(type, member). Included by layout_probe.c (compiled with mingw-w64 against the
 * Windows SDK headers: the truth) and by iphlpapi_shim.c (the test shim's own structures), so both
 * publish the same names. The layout tests compare the JNA structures with both tables, name by name,
 * and fail when a JNA field has no entry here or an entry has no JNA field.
 */
#define LAYOUT_ENTRIES \
    SIZE(SOCKADDR_IN) \
    OFF(SOCKADDR_IN, sin_family) OFF(SOCKADDR_IN, sin_port) OFF(SOCKADDR_IN, sin_addr) OFF(SOCKADDR_IN, sin_zero) \
    SIZE(SOCKET_ADDRESS) \
    OFF(SOCKET_ADDRESS, lpSockaddr) OFF(SOCKET_ADDRESS, iSockaddrLength) \
    SIZE(GUID) \
    OFF(GUID, Data1) OFF(GUID, Data2) OFF(GUID, Data3) OFF(GUID, Data4) \
    SIZE(IP_ADAPTER_UNICAST_ADDRESS_LH) \
    OFF(IP_ADAPTER_UNICAST_ADDRESS_LH, Length) OFF(IP_ADAPTER_UNICAST_ADDRESS_LH, Flags) \
    OFF(IP_ADAPTER_UNICAST_ADDRESS_LH, Next) OFF(IP_ADAPTER_UNICAST_ADDRESS_LH, Address) \
    OFF(IP_ADAPTER_UNICAST_ADDRESS_LH, PrefixOrigin) OFF(IP_ADAPTER_UNICAST_ADDRESS_LH, SuffixOrigin) \
    OFF(IP_ADAPTER_UNICAST_ADDRESS_LH, DadState) OFF(IP_ADAPTER_UNICAST_ADDRESS_LH, ValidLifetime) \
    OFF(IP_ADAPTER_UNICAST_ADDRESS_LH, PreferredLifetime) OFF(IP_ADAPTER_UNICAST_ADDRESS_LH, LeaseLifetime) \
    OFF(IP_ADAPTER_UNICAST_ADDRESS_LH, OnLinkPrefixLength) \
    SIZE(IP_ADAPTER_GATEWAY_ADDRESS_LH) \
    OFF(IP_ADAPTER_GATEWAY_ADDRESS_LH, Length) OFF(IP_ADAPTER_GATEWAY_ADDRESS_LH, Reserved) \
    OFF(IP_ADAPTER_GATEWAY_ADDRESS_LH, Next) OFF(IP_ADAPTER_GATEWAY_ADDRESS_LH, Address) \
    SIZE(IP_ADAPTER_ADDRESSES_LH) \
    OFF(IP_ADAPTER_ADDRESSES_LH, Length) OFF(IP_ADAPTER_ADDRESSES_LH, IfIndex) OFF(IP_ADAPTER_ADDRESSES_LH, Next) \
    OFF(IP_ADAPTER_ADDRESSES_LH, AdapterName) OFF(IP_ADAPTER_ADDRESSES_LH, FirstUnicastAddress) \
    OFF(IP_ADAPTER_ADDRESSES_LH, FirstAnycastAddress) OFF(IP_ADAPTER_ADDRESSES_LH, FirstMulticastAddress) \
    OFF(IP_ADAPTER_ADDRESSES_LH, FirstDnsServerAddress) OFF(IP_ADAPTER_ADDRESSES_LH, DnsSuffix) \
    OFF(IP_ADAPTER_ADDRESSES_LH, Description) OFF(IP_ADAPTER_ADDRESSES_LH, FriendlyName) \
    OFF(IP_ADAPTER_ADDRESSES_LH, PhysicalAddress) OFF(IP_ADAPTER_ADDRESSES_LH, PhysicalAddressLength) \
    OFF(IP_ADAPTER_ADDRESSES_LH, Flags) OFF(IP_ADAPTER_ADDRESSES_LH, Mtu) OFF(IP_ADAPTER_ADDRESSES_LH, IfType) \
    OFF(IP_ADAPTER_ADDRESSES_LH, OperStatus) OFF(IP_ADAPTER_ADDRESSES_LH, Ipv6IfIndex) \
    OFF(IP_ADAPTER_ADDRESSES_LH, ZoneIndices) OFF(IP_ADAPTER_ADDRESSES_LH, FirstPrefix) \
    OFF(IP_ADAPTER_ADDRESSES_LH, TransmitLinkSpeed) OFF(IP_ADAPTER_ADDRESSES_LH, ReceiveLinkSpeed) \
    OFF(IP_ADAPTER_ADDRESSES_LH, FirstWinsServerAddress) OFF(IP_ADAPTER_ADDRESSES_LH, FirstGatewayAddress) \
    OFF(IP_ADAPTER_ADDRESSES_LH, Ipv4Metric) OFF(IP_ADAPTER_ADDRESSES_LH, Ipv6Metric) \
    OFF(IP_ADAPTER_ADDRESSES_LH, Luid) OFF(IP_ADAPTER_ADDRESSES_LH, Dhcpv4Server) \
    OFF(IP_ADAPTER_ADDRESSES_LH, CompartmentId) OFF(IP_ADAPTER_ADDRESSES_LH, NetworkGuid) \
    OFF(IP_ADAPTER_ADDRESSES_LH, ConnectionType) OFF(IP_ADAPTER_ADDRESSES_LH, TunnelType) \
    OFF(IP_ADAPTER_ADDRESSES_LH, Dhcpv6Server) OFF(IP_ADAPTER_ADDRESSES_LH, Dhcpv6ClientDuid) \
    OFF(IP_ADAPTER_ADDRESSES_LH, Dhcpv6ClientDuidLength) OFF(IP_ADAPTER_ADDRESSES_LH, Dhcpv6Iaid) \
    OFF(IP_ADAPTER_ADDRESSES_LH, FirstDnsSuffix) \
    SIZE(IP_ADDR_STRING) \
    OFF(IP_ADDR_STRING, Next) OFF(IP_ADDR_STRING, IpAddress) OFF(IP_ADDR_STRING, IpMask) OFF(IP_ADDR_STRING, Context) \
    SIZE(IP_ADAPTER_INFO) \
    OFF(IP_ADAPTER_INFO, Next) OFF(IP_ADAPTER_INFO, ComboIndex) OFF(IP_ADAPTER_INFO, AdapterName) \
    OFF(IP_ADAPTER_INFO, Description) OFF(IP_ADAPTER_INFO, AddressLength) OFF(IP_ADAPTER_INFO, Address) \
    OFF(IP_ADAPTER_INFO, Index) OFF(IP_ADAPTER_INFO, Type) OFF(IP_ADAPTER_INFO, DhcpEnabled) \
    OFF(IP_ADAPTER_INFO, CurrentIpAddress) OFF(IP_ADAPTER_INFO, IpAddressList) OFF(IP_ADAPTER_INFO, GatewayList) \
    OFF(IP_ADAPTER_INFO, DhcpServer) OFF(IP_ADAPTER_INFO, HaveWins) OFF(IP_ADAPTER_INFO, PrimaryWinsServer) \
    OFF(IP_ADAPTER_INFO, SecondaryWinsServer) OFF(IP_ADAPTER_INFO, LeaseObtained) OFF(IP_ADAPTER_INFO, LeaseExpires) \
    SIZE(IP_ADAPTER_INDEX_MAP) \
    OFF(IP_ADAPTER_INDEX_MAP, Index) OFF(IP_ADAPTER_INDEX_MAP, Name) \
    SIZE(IP_INTERFACE_INFO) \
    OFF(IP_INTERFACE_INFO, NumAdapters) OFF(IP_INTERFACE_INFO, Adapter) \
    SIZE(MIB_TCPROW_OWNER_PID) \
    OFF(MIB_TCPROW_OWNER_PID, dwState) OFF(MIB_TCPROW_OWNER_PID, dwLocalAddr) OFF(MIB_TCPROW_OWNER_PID, dwLocalPort) \
    OFF(MIB_TCPROW_OWNER_PID, dwRemoteAddr) OFF(MIB_TCPROW_OWNER_PID, dwRemotePort) \
    OFF(MIB_TCPROW_OWNER_PID, dwOwningPid) \
    SIZE(MIB_TCPTABLE_OWNER_PID) \
    OFF(MIB_TCPTABLE_OWNER_PID, dwNumEntries) OFF(MIB_TCPTABLE_OWNER_PID, table) \
    SIZE(MIB_TCP6ROW_OWNER_PID) \
    OFF(MIB_TCP6ROW_OWNER_PID, ucLocalAddr) OFF(MIB_TCP6ROW_OWNER_PID, dwLocalScopeId) \
    OFF(MIB_TCP6ROW_OWNER_PID, dwLocalPort) OFF(MIB_TCP6ROW_OWNER_PID, ucRemoteAddr) \
    OFF(MIB_TCP6ROW_OWNER_PID, dwRemoteScopeId) OFF(MIB_TCP6ROW_OWNER_PID, dwRemotePort) \
    OFF(MIB_TCP6ROW_OWNER_PID, dwState) OFF(MIB_TCP6ROW_OWNER_PID, dwOwningPid) \
    SIZE(MIB_TCP6TABLE_OWNER_PID) \
    OFF(MIB_TCP6TABLE_OWNER_PID, dwNumEntries) OFF(MIB_TCP6TABLE_OWNER_PID, table)

/* One record of the published table: 60 bytes of NUL-padded "TYPE.member" (or "TYPE.size"), then the value. */
#define LAYOUT_NAME_BYTES 60
