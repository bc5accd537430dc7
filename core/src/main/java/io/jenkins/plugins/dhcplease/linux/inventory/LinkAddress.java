package io.jenkins.plugins.dhcplease.linux.inventory;

/**
 * One IPv4 address as {@code ip -j addr} shows it.
 *
 * @param dynamic    has a finite lifetime: a DHCP client set it
 * @param validLifetimeSeconds seconds left, -1 for "forever"
 */
public record LinkAddress(String address, int prefixLength, boolean dynamic, boolean tentative, boolean dadFailed,
        long validLifetimeSeconds) {
}
