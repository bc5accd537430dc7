package io.jenkins.plugins.dhcplease.model;

import java.util.HexFormat;

/**
 * The one form a hardware address takes in dhcp-lease, {@code 00-15-5D-01-02-03} (upper case, dashes), as
 * {@link NetworkAdapter#mac()} holds it and a {@code mac:} selector compares it. Each source parses its own syntax
 * (raw bytes on Windows, {@code ip}'s colons on Linux, anything a user types) and formats through here.
 */
public final class MacAddresses {
    private static final HexFormat CANONICAL = HexFormat.ofDelimiter("-").withUpperCase();

    private MacAddresses() {
    }

    /** The first {@code length} bytes (clamped to the array) in canonical form; "" for none. */
    public static String canonical(byte[] bytes, int length) {
        return CANONICAL.formatHex(bytes, 0, Math.max(0, Math.min(length, bytes.length)));
    }

    public static String canonical(byte[] bytes) {
        return canonical(bytes, bytes.length);
    }
}
