package io.jenkins.plugins.dhcplease.linux.inventory;

import java.util.List;

/**
 * One network interface as iproute2 reports it, before anything is known about its DHCP client.
 *
 * @param mac  canonical {@code 02-00-00-00-00-01}, "" when the link has no Ethernet-style address
 * @param kind the link kind from {@code ip -d} (veth, bridge, tun...), "" for a plain device
 */
public record Link(int index, String name, String mac, String linkType, String kind, boolean up,
        List<LinkAddress> addresses, List<String> gateways) {

    public Link {
        addresses = List.copyOf(addresses);
        gateways = List.copyOf(gateways);
    }

    public boolean loopback() {
        return "loopback".equals(linkType);
    }

    public boolean hasDynamicAddress() {
        return addresses.stream().anyMatch(LinkAddress::dynamic);
    }
}
