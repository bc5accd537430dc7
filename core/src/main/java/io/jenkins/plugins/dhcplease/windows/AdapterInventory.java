package io.jenkins.plugins.dhcplease.windows;

import com.sun.jna.Native;
import io.jenkins.plugins.dhcplease.model.AddressOrigin;
import io.jenkins.plugins.dhcplease.model.AddressState;
import io.jenkins.plugins.dhcplease.model.Ipv4Address;
import io.jenkins.plugins.dhcplease.model.LeaseException;
import io.jenkins.plugins.dhcplease.model.MacAddresses;
import io.jenkins.plugins.dhcplease.model.NetworkAdapter;
import io.jenkins.plugins.dhcplease.windows.jna.IpAdapterAddresses;
import io.jenkins.plugins.dhcplease.windows.jna.IpAdapterGatewayAddress;
import io.jenkins.plugins.dhcplease.windows.jna.IpAdapterInfo;
import io.jenkins.plugins.dhcplease.windows.jna.IpAdapterUnicastAddress;
import io.jenkins.plugins.dhcplease.windows.jna.IpAddrString;
import io.jenkins.plugins.dhcplease.windows.jna.IpHelperLibrary;
import io.jenkins.plugins.dhcplease.windows.jna.SockaddrIn;
import io.jenkins.plugins.dhcplease.windows.jna.SocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The adapters as Windows reports them: GetAdaptersAddresses for names, state and addresses, joined by adapter
 * GUID with GetAdaptersInfo for what only it gives (DhcpEnabled, DhcpServer, the lease times).
 */
final class AdapterInventory {
    static final int ERROR_BUFFER_OVERFLOW = 111;
    static final int ERROR_NO_DATA = 232;
    /** Microsoft's documented starting size for GetAdaptersAddresses. */
    static final int INITIAL_BYTES = 15 * 1024;
    private static final int IF_TYPE_SOFTWARE_LOOPBACK = 24;
    private static final String NO_SERVER = "255.255.255.255";

    /** What GetAdaptersInfo adds to an adapter. */
    private record LeaseFacts(boolean dhcpEnabled, String dhcpServer, Instant obtained, Instant expires) {
    }

    private final IpHelperLibrary ipHelper;
    private final Win32Errors errors;

    AdapterInventory(IpHelperLibrary ipHelper, Win32Errors errors) {
        this.ipHelper = ipHelper;
        this.errors = errors;
    }

    /** Field offsets, from our JNA structures (checked against the Windows SDK by the layout tests). */
    private static final class At {
        static final IpAdapterAddresses GAA = new IpAdapterAddresses();
        static final int LENGTH = GAA.offsetOf("Length");
        static final int IF_INDEX = GAA.offsetOf("IfIndex");
        static final int NEXT = GAA.offsetOf("Next");
        static final int ADAPTER_NAME = GAA.offsetOf("AdapterName");
        static final int FIRST_UNICAST = GAA.offsetOf("FirstUnicastAddress");
        static final int DESCRIPTION = GAA.offsetOf("Description");
        static final int FRIENDLY_NAME = GAA.offsetOf("FriendlyName");
        static final int PHYSICAL_ADDRESS = GAA.offsetOf("PhysicalAddress");
        static final int PHYSICAL_ADDRESS_LENGTH = GAA.offsetOf("PhysicalAddressLength");
        static final int FLAGS = GAA.offsetOf("Flags");
        static final int IF_TYPE = GAA.offsetOf("IfType");
        static final int OPER_STATUS = GAA.offsetOf("OperStatus");
        static final int FIRST_GATEWAY = GAA.offsetOf("FirstGatewayAddress");
        static final int FIRST_GATEWAY_END = FIRST_GATEWAY + Native.POINTER_SIZE;

        static final IpAdapterUnicastAddress UNICAST = new IpAdapterUnicastAddress();
        static final int U_NEXT = UNICAST.offsetOf("Next");
        static final int U_ADDRESS = UNICAST.offsetOf("Address");
        static final int U_PREFIX_ORIGIN = UNICAST.offsetOf("PrefixOrigin");
        static final int U_SUFFIX_ORIGIN = UNICAST.offsetOf("SuffixOrigin");
        static final int U_DAD_STATE = UNICAST.offsetOf("DadState");
        static final int U_PREFIX_LENGTH = UNICAST.offsetOf("OnLinkPrefixLength");

        static final IpAdapterGatewayAddress GATEWAY = new IpAdapterGatewayAddress();
        static final int G_NEXT = GATEWAY.offsetOf("Next");
        static final int G_ADDRESS = GATEWAY.offsetOf("Address");

        static final SocketAddress SOCKET_ADDRESS = new SocketAddress();
        static final int SA_POINTER = SOCKET_ADDRESS.offsetOf("lpSockaddr");
        static final int SA_LENGTH = SOCKET_ADDRESS.offsetOf("iSockaddrLength");
        static final SockaddrIn SOCKADDR_IN = new SockaddrIn();
        static final int SIN_FAMILY = SOCKADDR_IN.offsetOf("sin_family");
        static final int SIN_ADDR = SOCKADDR_IN.offsetOf("sin_addr");

        static final IpAdapterInfo INFO = new IpAdapterInfo();
        static final int I_NEXT = INFO.offsetOf("Next");
        static final int I_ADAPTER_NAME = INFO.offsetOf("AdapterName");
        static final int I_ADAPTER_NAME_BYTES = INFO.offsetOf("Description") - I_ADAPTER_NAME;
        static final int I_DHCP_ENABLED = INFO.offsetOf("DhcpEnabled");
        static final int I_DHCP_SERVER = INFO.offsetOf("DhcpServer") + new IpAddrString().offsetOf("IpAddress");
        static final int I_LEASE_OBTAINED = INFO.offsetOf("LeaseObtained");
        static final int I_LEASE_EXPIRES = INFO.offsetOf("LeaseExpires");
        static final int IP_ADDRESS_STRING_BYTES = 16;

        private At() {
        }
    }

    List<NetworkAdapter> read() throws LeaseException {
        Map<String, LeaseFacts> leases = leaseFacts();
        int flags = IpHelperLibrary.GAA_FLAG_INCLUDE_GATEWAYS | IpHelperLibrary.GAA_FLAG_SKIP_ANYCAST
                | IpHelperLibrary.GAA_FLAG_SKIP_MULTICAST | IpHelperLibrary.GAA_FLAG_SKIP_DNS_SERVER;
        GrowingBuffer.Result r = GrowingBuffer.fill(INITIAL_BYTES, ERROR_BUFFER_OVERFLOW,
                (buf, size) -> ipHelper.GetAdaptersAddresses(IpHelperLibrary.AF_INET, flags, null, buf, size));
        if (r.code() == ERROR_NO_DATA) {
            return List.of();
        }
        if (r.code() != 0) {
            throw r.failure("the network adapters", "GetAdaptersAddresses", errors);
        }
        NativeBuffer b = new NativeBuffer(r.buffer());
        try {
            List<NetworkAdapter> adapters = new ArrayList<>();
            for (long a = b.first(); a != 0; a = b.pointer(a, At.NEXT)) {
                if (b.i32(a, At.IF_TYPE) != IF_TYPE_SOFTWARE_LOOPBACK) {
                    adapters.add(adapter(b, a, leases));
                }
            }
            return adapters;
        } finally {
            b.keepReachable();
        }
    }

    private static NetworkAdapter adapter(NativeBuffer b, long a, Map<String, LeaseFacts> leases) {
        String guid = b.ansiAt(b.pointer(a, At.ADAPTER_NAME));
        LeaseFacts lease = leases.get(key(guid));
        boolean dhcp = lease != null ? lease.dhcpEnabled()
                : (b.i32(a, At.FLAGS) & IpAdapterAddresses.FLAG_DHCPV4_ENABLED) != 0;
        // Length tells which revision the OS filled: the gateway list exists only in the Vista (_LH) layout
        long gateways = Integer.toUnsignedLong(b.i32(a, At.LENGTH)) >= At.FIRST_GATEWAY_END ? b.pointer(a, At.FIRST_GATEWAY) : 0;
        return new NetworkAdapter(
                guid,
                b.i32(a, At.IF_INDEX),
                b.wideAt(b.pointer(a, At.FRIENDLY_NAME)),
                b.wideAt(b.pointer(a, At.DESCRIPTION)),
                MacAddresses.canonical(b.bytes(a, At.PHYSICAL_ADDRESS, 8), b.i32(a, At.PHYSICAL_ADDRESS_LENGTH)),
                type(b.i32(a, At.IF_TYPE)),
                b.i32(a, At.OPER_STATUS) == IpAdapterAddresses.OPER_STATUS_UP,
                dhcp,
                addresses(b, b.pointer(a, At.FIRST_UNICAST)),
                gateways(b, gateways),
                lease == null ? null : lease.dhcpServer(),
                lease == null ? null : lease.obtained(),
                lease == null ? null : lease.expires(),
                "windows");
    }

    /** The IPv4 address of a SOCKET_ADDRESS field, or null for another family or none. */
    private static String ipv4(NativeBuffer b, long struct, int field) {
        long sockaddr = b.pointer(struct, field + At.SA_POINTER);
        if (sockaddr == 0 || b.i32(struct, field + At.SA_LENGTH) < At.SIN_ADDR + 4
                || (b.i32(sockaddr, At.SIN_FAMILY) & 0xFFFF) != SockaddrIn.AF_INET) {
            return null;
        }
        byte[] ip = b.bytes(sockaddr, At.SIN_ADDR, 4);
        return (ip[0] & 0xFF) + "." + (ip[1] & 0xFF) + "." + (ip[2] & 0xFF) + "." + (ip[3] & 0xFF);
    }

    private static List<Ipv4Address> addresses(NativeBuffer b, long first) {
        List<Ipv4Address> list = new ArrayList<>();
        for (long u = first; u != 0; u = b.pointer(u, At.U_NEXT)) {
            String ip = ipv4(b, u, At.U_ADDRESS);
            if (ip != null) {
                list.add(new Ipv4Address(ip, b.u8(u, At.U_PREFIX_LENGTH),
                        origin(ip, b.i32(u, At.U_PREFIX_ORIGIN), b.i32(u, At.U_SUFFIX_ORIGIN)), state(b.i32(u, At.U_DAD_STATE))));
            }
        }
        return list;
    }

    private static AddressOrigin origin(String ip, int prefixOrigin, int suffixOrigin) {
        if (ip.startsWith("169.254.")) {
            return AddressOrigin.LINK_LOCAL;
        }
        if (prefixOrigin == IpAdapterUnicastAddress.ORIGIN_DHCP || suffixOrigin == IpAdapterUnicastAddress.ORIGIN_DHCP) {
            return AddressOrigin.DHCP;
        }
        return prefixOrigin == IpAdapterUnicastAddress.ORIGIN_MANUAL ? AddressOrigin.MANUAL : AddressOrigin.OTHER;
    }

    private static AddressState state(int dadState) {
        return switch (dadState) {
            case IpAdapterUnicastAddress.DAD_PREFERRED -> AddressState.USABLE;
            case IpAdapterUnicastAddress.DAD_TENTATIVE -> AddressState.TENTATIVE;
            default -> AddressState.OTHER;
        };
    }

    private static List<String> gateways(NativeBuffer b, long first) {
        List<String> list = new ArrayList<>();
        for (long g = first; g != 0; g = b.pointer(g, At.G_NEXT)) {
            String ip = ipv4(b, g, At.G_ADDRESS);
            if (ip != null) {
                list.add(ip);
            }
        }
        return list;
    }

    static String type(int ifType) {
        return switch (ifType) {
            case 6 -> "ethernet";
            case 71 -> "wifi";
            case IF_TYPE_SOFTWARE_LOOPBACK -> "loopback";
            case 131 -> "tunnel";
            default -> "other";
        };
    }

    /** GetAdaptersInfo by adapter GUID. No IPv4 adapter at all (232) is an empty map, not a failure. */
    private Map<String, LeaseFacts> leaseFacts() throws LeaseException {
        GrowingBuffer.Result r = GrowingBuffer.fill(INITIAL_BYTES, ERROR_BUFFER_OVERFLOW, ipHelper::GetAdaptersInfo);
        if (r.code() == ERROR_NO_DATA) {
            return Map.of();
        }
        if (r.code() != 0) {
            throw r.failure("the network adapters", "GetAdaptersInfo", errors);
        }
        NativeBuffer b = new NativeBuffer(r.buffer());
        try {
            Map<String, LeaseFacts> facts = new HashMap<>();
            for (long info = b.first(); info != 0; info = b.pointer(info, At.I_NEXT)) {
                boolean dhcp = b.i32(info, At.I_DHCP_ENABLED) != 0;
                // DhcpServer means something only when DHCP is on; 255.255.255.255: no server reached yet
                String server = dhcp ? address(b.ansi(info, At.I_DHCP_SERVER, At.IP_ADDRESS_STRING_BYTES)) : null;
                facts.put(key(b.ansi(info, At.I_ADAPTER_NAME, At.I_ADAPTER_NAME_BYTES)), new LeaseFacts(dhcp,
                        NO_SERVER.equals(server) ? null : server,
                        instant(b.timeT(info, At.I_LEASE_OBTAINED)), instant(b.timeT(info, At.I_LEASE_EXPIRES))));
            }
            return facts;
        } finally {
            b.keepReachable();
        }
    }

    private static String address(String dotted) {
        return dotted.isEmpty() || "0.0.0.0".equals(dotted) ? null : dotted;
    }

    private static Instant instant(long seconds) {
        return seconds <= 0 ? null : Instant.ofEpochSecond(seconds);
    }

    private static String key(String guid) {
        return guid.toUpperCase(Locale.ROOT);
    }
}
