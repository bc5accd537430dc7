package io.jenkins.plugins.dhcplease.model;

/** Where an IPv4 address came from, as the OS reports it. */
public enum AddressOrigin {
    DHCP,
    MANUAL,
    /** 169.254/16: what an adapter falls back to when no DHCP server answered. */
    LINK_LOCAL,
    OTHER
}
