package io.jenkins.plugins.dhcplease.linux.testbed;

/** One line of dnsmasq's lease file: the server's truth. {@code expiry} in epoch seconds; {@code mac} as dnsmasq writes it. */
public record ServerLease(long expiry, String mac, String ip) {
}
