package io.jenkins.plugins.dhcplease.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One adapter as the OS reports it.
 *
 * @param id            stable id: Windows {@code {GUID}}, Linux interface name
 * @param index         interface index (Windows IfIndex, Linux ifindex)
 * @param name          friendly name ({@code Ethernet 2}); Linux: the interface name
 * @param description   Windows description ("Intel(R) Ethernet ..."); Linux: driver or "" when unknown
 * @param mac           canonical {@code 00-15-5D-01-02-03} (upper case, dashes), "" when the adapter has none
 * @param type          human type: ethernet, wifi, loopback, tunnel, veth, other
 * @param up            operationally up
 * @param dhcpEnabled   DHCPv4 manages this adapter
 * @param addresses     IPv4 addresses, in OS order
 * @param gateways      IPv4 default gateways
 * @param dhcpServer    the server that issued the lease, null when unknown or not DHCP
 * @param leaseObtained when the current lease was obtained, null when unknown; stable across reads
 * @param leaseExpires  when the current lease expires, null when unknown
 * @param manager       what manages the lease: "windows", "dhclient", "dhcpcd", "udhcpc",
 *                      "systemd-networkd", "NetworkManager", or null when nothing does / unknown
 */
public record NetworkAdapter(
        String id,
        int index,
        String name,
        String description,
        String mac,
        String type,
        boolean up,
        boolean dhcpEnabled,
        List<Ipv4Address> addresses,
        List<String> gateways,
        String dhcpServer,
        Instant leaseObtained,
        Instant leaseExpires,
        String manager) {

    public NetworkAdapter {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        mac = mac == null ? "" : mac;
        type = type == null ? "other" : type;
        addresses = List.copyOf(addresses);
        gateways = List.copyOf(gateways);
    }

    /** The first usable DHCP address: what a renew is waiting for. */
    public Optional<Ipv4Address> usableDhcpAddress() {
        return addresses.stream().filter(Ipv4Address::isUsableDhcp).findFirst();
    }

    /** Any DHCP-origin address, usable or not: what a release must remove. */
    public boolean hasDhcpAddress() {
        return addresses.stream().anyMatch(a -> a.origin() == AddressOrigin.DHCP);
    }

    /** The address to show in one line: the usable DHCP one, else the first, else "none". */
    public String primaryAddress() {
        return usableDhcpAddress()
                .or(() -> addresses.stream().findFirst())
                .map(Ipv4Address::address)
                .orElse(null);
    }

    /** {@code Ethernet 2 (index 12)}: how every message names an adapter. */
    public String label() {
        return label(name, index);
    }

    /** The one form of an adapter's name in every message and log line. */
    public static String label(String name, int index) {
        return name + " (index " + index + ")";
    }

    /** Plain JDK values for JSON and scripts; {@code agentConnection} marks the adapter carrying the agent's link. */
    public Map<String, Object> toPlain(boolean agentConnection) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("index", index);
        m.put("name", name);
        m.put("description", description);
        m.put("mac", mac);
        m.put("type", type);
        m.put("up", up);
        m.put("dhcpEnabled", dhcpEnabled);
        List<Map<String, Object>> list = new ArrayList<>();
        for (Ipv4Address a : addresses) {
            Map<String, Object> am = new LinkedHashMap<>();
            am.put("address", a.address());
            am.put("prefixLength", a.prefixLength());
            am.put("origin", a.origin().word());
            am.put("state", a.state().name().toLowerCase(Locale.ROOT));
            list.add(am);
        }
        m.put("addresses", list);
        m.put("gateways", new ArrayList<>(gateways));
        m.put("dhcpServer", dhcpServer);
        m.put("leaseObtained", leaseObtained == null ? null : leaseObtained.toString());
        m.put("leaseExpires", leaseExpires == null ? null : leaseExpires.toString());
        m.put("manager", manager);
        m.put("agentConnection", agentConnection);
        return m;
    }
}
