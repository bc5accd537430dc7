package io.jenkins.plugins.dhcplease.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One {@code verify} check, as parsed from what the user wrote. Nothing is sent anywhere but to what it names.
 *
 * @param kind what is checked
 * @param host the host to connect to ({@code TCP}), the name to resolve ({@code DNS}); null for {@code GATEWAY}
 * @param port the TCP port ({@code TCP}, {@code GATEWAY}); 0 for {@code DNS}
 */
public record AddressCheck(Kind kind, String host, int port) {

    /** The port a bare {@code gateway} check connects to: DNS, which lab gateways commonly serve or refuse. */
    public static final int GATEWAY_PORT = 53;

    /** Shown with every refusal: the checks that exist. */
    public static final String FORMS = "the checks are gateway (or gateway:PORT), tcp:HOST:PORT and dns:NAME,"
            + " e.g. verify: ['gateway', 'tcp:10.20.0.1:443', 'dns:build.lab.example']";

    public enum Kind { GATEWAY, TCP, DNS }

    public AddressCheck {
        Objects.requireNonNull(kind, "kind");
    }

    /** Each entry may itself hold several checks separated by commas; blanks are ignored. */
    public static List<AddressCheck> parseAll(List<String> texts) throws LeaseException {
        List<AddressCheck> out = new ArrayList<>();
        for (String text : texts == null ? List.<String>of() : texts) {
            for (String one : Objects.requireNonNullElse(text, "").split(",")) {
                if (!one.isBlank()) {
                    out.add(parse(one));
                }
            }
        }
        return List.copyOf(out);
    }

    public static AddressCheck parse(String text) throws LeaseException {
        String s = text.trim();
        String lower = s.toLowerCase(java.util.Locale.ROOT);
        if (lower.equals("gateway")) {
            return new AddressCheck(Kind.GATEWAY, null, GATEWAY_PORT);
        }
        if (lower.startsWith("gateway:")) {
            return new AddressCheck(Kind.GATEWAY, null, port(s, s.substring("gateway:".length())));
        }
        if (lower.startsWith("tcp:")) {
            String rest = s.substring(4);
            int colon = rest.lastIndexOf(':');
            if (colon <= 0) {
                throw bad("'" + s + "' needs a host and a port: tcp:HOST:PORT such as tcp:10.20.0.1:443");
            }
            return new AddressCheck(Kind.TCP, host(s, rest.substring(0, colon)), port(s, rest.substring(colon + 1)));
        }
        if (lower.startsWith("dns:")) {
            return new AddressCheck(Kind.DNS, host(s, s.substring(4)), 0);
        }
        throw bad("'" + s + "' is not a check");
    }

    /** The check as the user writes it: {@code gateway}, {@code tcp:10.20.0.1:443}, {@code dns:build.lab}. */
    public String spec() {
        return switch (kind) {
            case GATEWAY -> port == GATEWAY_PORT ? "gateway" : "gateway:" + port;
            case TCP -> "tcp:" + host + ":" + port;
            case DNS -> "dns:" + host;
        };
    }

    @Override
    public String toString() {
        return spec();
    }

    private static int port(String whole, String p) throws LeaseException {
        if (!p.matches("\\d{1,5}") || Integer.parseInt(p) < 1 || Integer.parseInt(p) > 65535) {
            throw bad("'" + whole + "' has the port '" + p + "'; a port is a number from 1 to 65535");
        }
        return Integer.parseInt(p);
    }

    /** A host name or IPv4 address: letters, digits, dots, dashes and underscores only (it never reaches a shell). */
    private static String host(String whole, String h) throws LeaseException {
        if (!h.matches("[A-Za-z0-9]([A-Za-z0-9._-]{0,252})")) {
            throw bad("'" + whole + "' has the host '" + h + "'; a host is a name such as build.lab.example or an"
                    + " IPv4 address");
        }
        return h;
    }

    private static LeaseException bad(String what) {
        return new LeaseException(LeaseException.Kind.BAD_INPUT, "verify: " + what + "; " + FORMS
                + ". Nothing was changed.");
    }
}
