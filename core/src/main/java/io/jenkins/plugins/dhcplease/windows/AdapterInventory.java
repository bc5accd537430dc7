package io.jenkins.plugins.dhcplease.windows;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.jenkins.plugins.dhcplease.engine.LeaseException;
import io.jenkins.plugins.dhcplease.model.AddressOrigin;
import io.jenkins.plugins.dhcplease.model.AddressState;
import io.jenkins.plugins.dhcplease.model.Ipv4Address;
import io.jenkins.plugins.dhcplease.model.NetworkAdapter;
import io.jenkins.plugins.dhcplease.windows.jna.IpAdapterAddresses;
import io.jenkins.plugins.dhcplease.windows.jna.IpAdapterGatewayAddress;
import io.jenkins.plugins.dhcplease.windows.jna.IpAdapterInfo;
import io.jenkins.plugins.dhcplease.windows.jna.IpAdapterUnicastAddress;
import io.jenkins.plugins.dhcplease.windows.jna.IpHelperLibrary;
import io.jenkins.plugins.dhcplease.windows.jna.WinStrings;
import java.lang.ref.Reference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
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
            throw failure("GetAdaptersAddresses", r);
        }
        Memory buffer = r.buffer();
        try {
            List<NetworkAdapter> adapters = new ArrayList<>();
            for (Pointer p = buffer; p != null; ) {
                IpAdapterAddresses a = new IpAdapterAddresses(p);
                if (a.IfType != IF_TYPE_SOFTWARE_LOOPBACK) {
                    adapters.add(adapter(a, leases.get(key(WinStrings.ansi(a.AdapterName)))));
                }
                p = a.Next;
            }
            return adapters;
        } finally {
            Reference.reachabilityFence(buffer);
        }
    }

    private NetworkAdapter adapter(IpAdapterAddresses a, LeaseFacts lease) {
        boolean dhcp = lease != null ? lease.dhcpEnabled() : (a.Flags & IpAdapterAddresses.FLAG_DHCPV4_ENABLED) != 0;
        return new NetworkAdapter(
                WinStrings.ansi(a.AdapterName),
                a.IfIndex,
                WinStrings.wide(a.FriendlyName),
                WinStrings.wide(a.Description),
                mac(a.PhysicalAddress, a.PhysicalAddressLength),
                type(a.IfType),
                a.OperStatus == IpAdapterAddresses.OPER_STATUS_UP,
                dhcp,
                addresses(a.FirstUnicastAddress),
                gateways(a.FirstGatewayAddress),
                lease == null ? null : lease.dhcpServer(),
                lease == null ? null : lease.obtained(),
                lease == null ? null : lease.expires(),
                "windows");
    }

    private static List<Ipv4Address> addresses(Pointer first) {
        List<Ipv4Address> list = new ArrayList<>();
        for (Pointer p = first; p != null; ) {
            IpAdapterUnicastAddress u = new IpAdapterUnicastAddress(p);
            String ip = u.Address.ipv4();
            if (ip != null) {
                list.add(new Ipv4Address(ip, u.OnLinkPrefixLength & 0xFF, origin(ip, u), state(u.DadState)));
            }
            p = u.Next;
        }
        return list;
    }

    private static AddressOrigin origin(String ip, IpAdapterUnicastAddress u) {
        if (ip.startsWith("169.254.")) {
            return AddressOrigin.LINK_LOCAL;
        }
        if (u.PrefixOrigin == IpAdapterUnicastAddress.ORIGIN_DHCP || u.SuffixOrigin == IpAdapterUnicastAddress.ORIGIN_DHCP) {
            return AddressOrigin.DHCP;
        }
        return u.PrefixOrigin == IpAdapterUnicastAddress.ORIGIN_MANUAL ? AddressOrigin.MANUAL : AddressOrigin.OTHER;
    }

    private static AddressState state(int dadState) {
        return switch (dadState) {
            case IpAdapterUnicastAddress.DAD_PREFERRED -> AddressState.USABLE;
            case IpAdapterUnicastAddress.DAD_TENTATIVE -> AddressState.TENTATIVE;
            default -> AddressState.OTHER;
        };
    }

    private static List<String> gateways(Pointer first) {
        List<String> list = new ArrayList<>();
        for (Pointer p = first; p != null; ) {
            IpAdapterGatewayAddress g = new IpAdapterGatewayAddress(p);
            String ip = g.Address.ipv4();
            if (ip != null) {
                list.add(ip);
            }
            p = g.Next;
        }
        return list;
    }

    static String mac(byte[] bytes, int length) {
        int n = Math.max(0, Math.min(length, bytes.length));
        HexFormat hex = HexFormat.ofDelimiter("-").withUpperCase();
        return hex.formatHex(bytes, 0, n);
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
            throw failure("GetAdaptersInfo", r);
        }
        Memory buffer = r.buffer();
        try {
            Map<String, LeaseFacts> facts = new HashMap<>();
            for (Pointer p = buffer; p != null; ) {
                IpAdapterInfo info = new IpAdapterInfo(p);
                boolean dhcp = info.DhcpEnabled != 0;
                // DhcpServer means something only when DHCP is on; 255.255.255.255: no server reached yet
                String server = dhcp ? address(info.DhcpServer.address()) : null;
                facts.put(key(WinStrings.ansi(info.AdapterName)), new LeaseFacts(dhcp,
                        NO_SERVER.equals(server) ? null : server,
                        instant(info.LeaseObtained.longValue()), instant(info.LeaseExpires.longValue())));
                p = info.Next;
            }
            return facts;
        } finally {
            Reference.reachabilityFence(buffer);
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

    private LeaseException failure(String function, GrowingBuffer.Result r) {
        String tries = r.code() == ERROR_BUFFER_OVERFLOW ? " after " + r.attempts() + " attempts" : "";
        return new LeaseException(LeaseException.Kind.INVENTORY_FAILED, "Windows would not list the network adapters: "
                + function + " failed" + tries + ". " + errors.describe(r.code()), r.code(), null);
    }
}
