package io.jenkins.plugins.dhcplease.model;

import java.util.Objects;

/**
 * What {@code expect} names: one IPv4 address ({@code 10.20.0.15}) or a network in CIDR form ({@code 10.20.0.0/24})
 * that a renewed address must be or fall in.
 */
public final class AddressRange {

    /** Shown with every refusal: what a good value looks like. */
    public static final String EXAMPLE = "write an address such as 10.20.0.15 or a network such as 10.20.0.0/24";

    private final int network;
    private final int prefix;

    private AddressRange(int network, int prefix) {
        this.network = network;
        this.prefix = prefix;
    }

    /** Refuses anything but a dotted-quad address, or one with a prefix length 0–32 and no host bits set. */
    public static AddressRange parse(String text) throws LeaseException {
        String s = Objects.requireNonNullElse(text, "").trim();
        int slash = s.indexOf('/');
        String address = slash < 0 ? s : s.substring(0, slash);
        Integer bits = parseIpv4(address);
        if (bits == null) {
            throw bad("'" + s + "' is not an IPv4 address or network");
        }
        if (slash < 0) {
            return new AddressRange(bits, 32);
        }
        String p = s.substring(slash + 1);
        if (!p.matches("\\d{1,2}") || Integer.parseInt(p) > 32) {
            throw bad("'" + s + "' has the prefix length '" + p + "'; it must be a number from 0 to 32");
        }
        int prefix = Integer.parseInt(p);
        int network = bits & mask(prefix);
        if (network != bits) {
            throw bad("'" + s + "' has host bits set; did you mean " + format(network) + "/" + prefix + "?");
        }
        return new AddressRange(network, prefix);
    }

    /** True when {@code address} is this address or falls in this network; false for anything not IPv4. */
    public boolean contains(String address) {
        Integer bits = address == null ? null : parseIpv4(address);
        return bits != null && (bits & mask(prefix)) == network;
    }

    /** The canonical form: {@code 10.20.0.15}, {@code 10.20.0.0/24}. */
    @Override
    public String toString() {
        return prefix == 32 ? format(network) : format(network) + "/" + prefix;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AddressRange r && r.network == network && r.prefix == prefix;
    }

    @Override
    public int hashCode() {
        return network * 31 + prefix;
    }

    /** Four decimal octets 0–255, nothing else (no leading zeros that some tools read as octal); null otherwise. */
    static Integer parseIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        int bits = 0;
        for (String part : parts) {
            if (!part.matches("0|[1-9]\\d{0,2}") || Integer.parseInt(part) > 255) {
                return null;
            }
            bits = (bits << 8) | Integer.parseInt(part);
        }
        return bits;
    }

    private static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    private static String format(int bits) {
        return (bits >>> 24) + "." + ((bits >>> 16) & 255) + "." + ((bits >>> 8) & 255) + "." + (bits & 255);
    }

    private static LeaseException bad(String what) {
        return new LeaseException(LeaseException.Kind.BAD_INPUT, "expect: " + what + "; " + EXAMPLE
                + ". Nothing was changed.");
    }
}
