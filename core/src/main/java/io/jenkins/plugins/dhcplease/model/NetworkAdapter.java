package io.jenkins.plugins.dhcplease.model;

import java.time.Instant;
import java.util.List;
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
        return name + " (index " + index + ")";
    }
}
