package io.jenkins.plugins.dhcplease.model;

/** Where an IPv4 address came from, as the OS reports it. */
public enum AddressOrigin {
    DHCP("dhcp"),
    /** Set by hand or by configuration (Windows PrefixOriginManual): what users call a static address. */
    MANUAL("static"),
    /** 169.254/16: what an adapter falls back to when no DHCP server answered. */
    LINK_LOCAL("link-local"),
    OTHER("other");

    private final String word;

    AddressOrigin(String word) {
        this.word = word;
    }

    /** The one word for this origin everywhere the user reads it: the adapter table, the JSON, the step's maps. */
    public String word() {
        return word;
    }
}
