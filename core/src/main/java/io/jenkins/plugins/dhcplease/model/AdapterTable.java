package io.jenkins.plugins.dhcplease.model;

import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

/** The adapter listing shared by the CLI's {@code adapters} and every "which adapters exist" error. */
public final class AdapterTable {
    private AdapterTable() {
    }

    /**
     * @param agentConnectionIds ids of adapters that carry the agent's connection (marked), may be empty
     */
    public static String render(Collection<NetworkAdapter> adapters, Set<String> agentConnectionIds, String indent) {
        if (adapters.isEmpty()) {
            return indent + "(no network adapters besides loopback)\n";
        }
        TextTable t = new TextTable("NAME", "INDEX", "MAC", "STATE", "DHCP", "ADDRESSES", "DHCP SERVER", "LEASE EXPIRES", "NOTE");
        for (NetworkAdapter a : adapters) {
            String addresses = a.addresses().isEmpty() ? "none" : a.addresses().stream()
                    .map(ad -> ad.toString() + origin(ad))
                    .collect(Collectors.joining(", "));
            t.row(a.name(), a.index(), a.mac().isEmpty() ? "-" : a.mac(), a.up() ? "up" : "down",
                    dhcp(a),
                    addresses, a.dhcpServer(), a.leaseExpires() == null ? null : OutcomeLine.time(a.leaseExpires()),
                    agentConnectionIds.contains(a.id()) ? "carries the agent connection" : "");
        }
        return t.render(indent);
    }

    /** A manager without DHCP is a backend saying it cannot tell (Linux without root): never "no" then. */
    private static String dhcp(NetworkAdapter a) {
        if (!a.dhcpEnabled()) {
            return a.manager() == null ? "no" : "unknown (" + a.manager() + ")";
        }
        return "yes" + (a.manager() == null || a.manager().equals("windows") ? "" : " (" + a.manager() + ")");
    }

    private static String origin(Ipv4Address a) {
        String o = a.origin() == AddressOrigin.OTHER ? "" : " " + a.origin().word();
        return o + (a.state() == AddressState.TENTATIVE ? " tentative" : "");
    }
}
