package io.jenkins.plugins.dhcplease.select;

import io.jenkins.plugins.dhcplease.model.LeaseException;
import io.jenkins.plugins.dhcplease.model.MacAddresses;
import io.jenkins.plugins.dhcplease.model.NetworkAdapter;
import java.util.HexFormat;
import java.util.Locale;

/**
 * What the user wrote to name an adapter: a name or glob, {@code index:N}, {@code mac:...}, {@code guid:{...}}.
 * Parsing never looks at the machine, so the controller validates a selector before anything is sent.
 */
public sealed interface AdapterSelector {

    String SYNTAX = "an adapter name or glob matched against the name and the description, case-insensitive"
            + " ('Ethernet 2', 'Ethernet*', '*Hyper-V*'), 'index:12', 'mac:00-15-5D-01-02-03' (any separator or case),"
            + " 'guid:{4D36E972-E325-11CE-BFC1-08002BE10318}', or 'name:...' for a name that itself starts with one of"
            + " these prefixes";

    /**
     * The longest selector accepted. Windows allows adapter names and descriptions of up to 256 characters (Linux
     * interface names have 15); a longer selector is a mistake, and refusing it keeps every check cheap.
     */
    int MAX_LENGTH = 300;

    boolean matches(NetworkAdapter adapter);

    /** The selector as the user can write it again. */
    String text();

    static AdapterSelector parse(String text) throws LeaseException {
        if (text == null || text.isBlank()) {
            throw bad("The adapter selector is empty");
        }
        String s = text.trim();
        if (s.length() > MAX_LENGTH) {
            throw new LeaseException(LeaseException.Kind.BAD_INPUT, "The adapter selector '" + s.substring(0, 20)
                    + "…' is " + s.length() + " characters long; a selector has at most " + MAX_LENGTH + " (adapter"
                    + " names and descriptions have at most 256). Name the adapter by its name, a short glob such as"
                    + " 'Ethernet*', index:N or mac:...");
        }
        int colon = s.indexOf(':');
        String prefix = colon < 0 ? "" : s.substring(0, colon).toLowerCase(Locale.ROOT);
        String value = colon < 0 ? s : s.substring(colon + 1).trim();
        switch (prefix) {
            case "index":
                if (!value.matches("\\d{1,9}")) {
                    throw bad("'" + s + "' is not a valid index selector: after 'index:' comes the interface index, a whole number");
                }
                return new ByIndex(Integer.parseInt(value));
            case "mac":
                String hex = value.replaceAll("[-:.\\s]", "");
                if (!hex.matches("(?i)[0-9a-f]{12}")) {
                    throw bad("'" + s + "' is not a valid MAC selector: after 'mac:' come 12 hex digits, e.g. mac:00-15-5D-01-02-03");
                }
                return new ByMac(MacAddresses.canonical(HexFormat.of().parseHex(hex)));
            case "guid":
                String g = value.startsWith("{") && value.endsWith("}") ? value.substring(1, value.length() - 1) : value;
                if (!g.matches("(?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")) {
                    throw bad("'" + s + "' is not a valid GUID selector: after 'guid:' comes the adapter GUID,"
                            + " e.g. guid:{4D36E972-E325-11CE-BFC1-08002BE10318}");
                }
                return new ByGuid("{" + g.toUpperCase(Locale.ROOT) + "}");
            case "name":
                if (value.isEmpty()) {
                    throw bad("'" + s + "' names no adapter: after 'name:' comes the adapter name");
                }
                return new ByName(value);
            default:
                return new ByName(s);
        }
    }

    private static LeaseException bad(String what) {
        return new LeaseException(LeaseException.Kind.BAD_INPUT, what + ". An adapter selector is " + SYNTAX + ".");
    }

    /** Name or glob ({@code *} and {@code ?}) against the friendly name and the description. */
    record ByName(String pattern) implements AdapterSelector {
        public boolean matches(NetworkAdapter a) {
            // Adapter names are not paths (they hold ':' and '\' on Windows), so PathMatcher does not fit:
            // '*' and '?' are the only wildcards, everything else is literal.
            Glob g = new Glob(pattern);
            return g.matches(a.name()) || (!a.description().isEmpty() && g.matches(a.description()));
        }

        public String text() {
            return pattern;
        }
    }

    record ByIndex(int index) implements AdapterSelector {
        public boolean matches(NetworkAdapter a) {
            return a.index() == index;
        }

        public String text() {
            return "index:" + index;
        }
    }

    record ByMac(String mac) implements AdapterSelector {
        public boolean matches(NetworkAdapter a) {
            return mac.equalsIgnoreCase(a.mac());
        }

        public String text() {
            return "mac:" + mac;
        }
    }

    record ByGuid(String guid) implements AdapterSelector {
        public boolean matches(NetworkAdapter a) {
            return guid.equalsIgnoreCase(a.id());
        }

        public String text() {
            return "guid:" + guid;
        }
    }
}
