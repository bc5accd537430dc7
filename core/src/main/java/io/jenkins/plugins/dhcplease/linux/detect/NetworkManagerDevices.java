package io.jenkins.plugins.dhcplease.linux.detect;

import io.jenkins.plugins.dhcplease.engine.Deadline;
import io.jenkins.plugins.dhcplease.linux.command.CommandResult;
import io.jenkins.plugins.dhcplease.linux.command.CommandRunner;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What NetworkManager says about its devices, asked once per scan ({@code nmcli -t -f DEVICE,STATE,CON-UUID device}),
 * and whether it runs DHCP on one: by the {@code ipv4.method} of the device's active connection ({@code auto} = DHCP;
 * {@code manual}, {@code disabled}, {@code link-local}, {@code shared} = not), or, for a device without one (released:
 * disconnected), of the connections available to it. Unmanaged devices and those NetworkManager only watches
 * ({@code connected (externally)}: addresses set by someone else) are not NetworkManager's to drive.
 */
final class NetworkManagerDevices {

    /** How NetworkManager stands to one interface. */
    enum Role { NOT_MANAGED, DHCP, NOT_DHCP }

    /** One device line: its state and its active connection's UUID (empty when none). */
    record Device(String state, String connection) {
    }

    /** The verdict for one interface, with what it rests on (for the detection's evidence). */
    record Verdict(Role role, String connection, String evidence) {
    }

    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(5);

    private final CommandRunner runner;
    private final String nmcli;
    private Map<String, Device> devices;
    private final Map<String, String> methods = new HashMap<>();

    /** @param nmcli the system's nmcli, or null when it is not installed */
    NetworkManagerDevices(CommandRunner runner, String nmcli) {
        this.runner = runner;
        this.nmcli = nmcli;
    }

    Verdict verdict(String ifname) throws InterruptedException {
        Device d = devices().get(ifname);
        if (d == null || d.state().equals("unmanaged") || d.state().contains("externally")) {
            return new Verdict(Role.NOT_MANAGED, "", d == null ? "" : "NetworkManager reports " + ifname + " as "
                    + d.state());
        }
        if (!d.connection().isEmpty()) {
            String method = method(d.connection());
            return new Verdict("auto".equals(method) ? Role.DHCP : Role.NOT_DHCP, d.connection(), "NetworkManager runs"
                    + " and reports " + ifname + " as " + d.state() + " with connection " + d.connection()
                    + " (ipv4.method " + (method.isEmpty() ? "unknown" : method) + ")");
        }
        for (String uuid : available(ifname)) {
            if ("auto".equals(method(uuid))) {
                return new Verdict(Role.DHCP, "", "NetworkManager runs and reports " + ifname + " as " + d.state()
                        + "; its available connection " + uuid + " has ipv4.method auto");
            }
        }
        return new Verdict(Role.NOT_DHCP, "", "NetworkManager runs and reports " + ifname + " as " + d.state()
                + " with no available connection that uses DHCP");
    }

    private Map<String, Device> devices() throws InterruptedException {
        if (devices == null && nmcli == null) {
            devices = Map.of(); // nmcli not installed where system programs live: NetworkManager cannot be asked
        }
        if (devices == null) {
            CommandResult r = run(List.of(nmcli, "-t", "-f", "DEVICE,STATE,CON-UUID", "device"));
            devices = r.ok() ? parseDevices(r.stdout()) : Map.of();
        }
        return devices;
    }

    private String method(String uuid) throws InterruptedException {
        String m = methods.get(uuid);
        if (m == null) {
            CommandResult r = run(List.of(nmcli, "-g", "ipv4.method", "connection", "show", "uuid", uuid));
            m = r.ok() ? r.stdout().strip() : "";
            methods.put(uuid, m);
        }
        return m;
    }

    private List<String> available(String ifname) throws InterruptedException {
        CommandResult r = run(List.of(nmcli, "-t", "-f", "CONNECTIONS.AVAILABLE-CONNECTIONS", "device", "show", ifname));
        return r.ok() ? parseAvailable(r.stdout()) : List.of();
    }

    private CommandResult run(List<String> argv) throws InterruptedException {
        return runner.run(argv, Deadline.after(QUERY_TIMEOUT));
    }

    /** {@code eth0:connected:UUID}; colons inside names come escaped as {@code \:}. */
    static Map<String, Device> parseDevices(String out) {
        Map<String, Device> m = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            List<String> f = fields(line);
            if (f.size() >= 2 && !f.get(0).isEmpty()) {
                m.put(f.get(0), new Device(f.get(1).trim(), f.size() > 2 ? f.get(2).trim() : ""));
            }
        }
        return m;
    }

    /** {@code CONNECTIONS.AVAILABLE-CONNECTIONS[1]:UUID | name}: the UUIDs. */
    static List<String> parseAvailable(String out) {
        return out.lines().map(l -> l.substring(l.indexOf(':') + 1)).map(v -> v.split(" \\| ", 2)[0].trim())
                .filter(v -> !v.isEmpty()).toList();
    }

    /** nmcli's terse fields: split at unescaped colons, unescape {@code \:} and {@code \\}. */
    static List<String> fields(String line) {
        List<String> out = new java.util.ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                cur.append(line.charAt(++i));
            } else if (c == ':') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
