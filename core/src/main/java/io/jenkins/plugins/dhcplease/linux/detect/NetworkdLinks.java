package io.jenkins.plugins.dhcplease.linux.detect;

import io.jenkins.plugins.dhcplease.linux.LinuxHost;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whether systemd-networkd runs DHCPv4 on a link, from its state file {@code /run/systemd/netif/links/IFINDEX}:
 * the link must be {@code configured}/{@code configuring}; it is DHCP when networkd holds a DHCPv4 lease for it
 * ({@code DHCP_LEASE=}), else by {@code DHCP=} in the link's {@code NETWORK_FILE} (and its drop-ins): {@code yes},
 * {@code ipv4}, {@code true}… networkd 252's {@code networkctl status --json} carries no DHCP setting, so the network
 * file is the only record of it while no lease is held.
 */
final class NetworkdLinks {

    /** How systemd-networkd stands to one link. */
    enum Role { NOT_MANAGED, DHCP, NOT_DHCP }

    record Verdict(Role role, String evidence) {
    }

    private static final Set<String> DHCP4_ON = Set.of("yes", "true", "on", "1", "ipv4", "both");
    private static final List<String> NETWORK_DIRS = List.of("/etc/systemd/network", "/run/systemd/network",
            "/usr/local/lib/systemd/network", "/usr/lib/systemd/network", "/lib/systemd/network");

    private final LinuxHost host;

    NetworkdLinks(LinuxHost host) {
        this.host = host;
    }

    Verdict verdict(String ifname, int ifindex) {
        Map<String, String> state = keyValues(read(host.file("/run/systemd/netif/links/" + ifindex)));
        String admin = state.getOrDefault("ADMIN_STATE", "");
        if (!admin.startsWith("configur")) {
            return new Verdict(Role.NOT_MANAGED, admin.isEmpty() ? "" : "systemd-networkd reports " + ifname + " as "
                    + admin);
        }
        String says = "systemd-networkd runs and reports " + ifname + " as " + admin;
        if (!state.getOrDefault("DHCP_LEASE", "").isEmpty()) {
            return new Verdict(Role.DHCP, says + " with a DHCPv4 lease");
        }
        String file = state.getOrDefault("NETWORK_FILE", "");
        if (file.isEmpty()) {
            return new Verdict(Role.NOT_DHCP, says + " without a network file");
        }
        String dhcp = dhcpSetting(file).orElse("no");
        return new Verdict(DHCP4_ON.contains(dhcp.toLowerCase(Locale.ROOT)) ? Role.DHCP : Role.NOT_DHCP,
                says + " with " + file + " (DHCP=" + dhcp + ")");
    }

    /** {@code [Network] DHCP=} of the file, the last drop-in that sets it winning (as networkd reads them). */
    Optional<String> dhcpSetting(String networkFile) {
        Optional<String> value = dhcpIn(read(host.file(networkFile)));
        String name = Path.of(networkFile).getFileName().toString();
        List<Path> dropIns = new ArrayList<>();
        for (String dir : NETWORK_DIRS) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(host.file(dir + "/" + name + ".d"), "*.conf")) {
                ds.forEach(dropIns::add);
            } catch (IOException e) {
                // no drop-ins there
            }
        }
        dropIns.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        for (Path p : dropIns) {
            Optional<String> v = dhcpIn(read(p));
            if (v.isPresent()) {
                value = v;
            }
        }
        return value;
    }

    /** The last {@code DHCP=} of the {@code [Network]} section of a unit-file text. */
    static Optional<String> dhcpIn(String text) {
        String section = "";
        Optional<String> value = Optional.empty();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line;
            } else if ("[Network]".equals(section) && line.startsWith("DHCP") && line.contains("=")) {
                String key = line.substring(0, line.indexOf('=')).strip();
                if ("DHCP".equals(key)) {
                    value = Optional.of(line.substring(line.indexOf('=') + 1).strip());
                }
            }
        }
        return value;
    }

    static Map<String, String> keyValues(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && !line.startsWith("#")) {
                m.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        return m;
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            return "";
        }
    }
}
