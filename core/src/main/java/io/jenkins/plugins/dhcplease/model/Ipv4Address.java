package io.jenkins.plugins.dhcplease.model;

import java.util.Objects;

/** One IPv4 address on an adapter. */
public record Ipv4Address(String address, int prefixLength, AddressOrigin origin, AddressState state) {

    public Ipv4Address {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(state, "state");
    }

    public boolean isLinkLocal() {
        return origin == AddressOrigin.LINK_LOCAL || address.startsWith("169.254.");
    }

    /** The address a renew is waiting for: handed out by a DHCP server, not APIPA, not tentative. */
    public boolean isUsableDhcp() {
        return origin == AddressOrigin.DHCP && state == AddressState.USABLE && !isLinkLocal();
    }

    @Override
    public String toString() {
        return address + "/" + prefixLength;
    }
}
