package io.jenkins.plugins.dhcplease.linux.client;

import io.jenkins.plugins.dhcplease.engine.Deadline;
import io.jenkins.plugins.dhcplease.engine.OperationResult;
import io.jenkins.plugins.dhcplease.linux.LinuxHost;
import io.jenkins.plugins.dhcplease.linux.command.CommandResult;
import io.jenkins.plugins.dhcplease.linux.detect.Detection;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * NetworkManager through {@code nmcli} (never the dhclient/dhcpcd it may run internally):
 * release is {@code nmcli --wait S device disconnect IF} (a RELEASE goes out only when the connection has
 * {@code ipv4.dhcp-send-release yes}); renew is {@code nmcli --wait S device connect IF}, which re-acquires — nmcli
 * has no renew verb. Lease details from {@code nmcli -t -f DHCP4 device show IF}.
 */
final class NetworkManagerDriver implements ClientDriver {

    private static final Duration LEASE_QUERY_TIMEOUT = Duration.ofSeconds(5);

    private final LinuxHost host;

    NetworkManagerDriver(LinuxHost host) {
        this.host = host;
    }

    @Override
    public LeaseInfo lease(String ifname, int ifindex, Detection client) {
        try {
            CommandResult r = host.runner().run(List.of("nmcli", "-t", "-f", "DHCP4", "device", "show", ifname),
                    Deadline.after(LEASE_QUERY_TIMEOUT));
            return r.ok() ? parse(r.stdout()) : LeaseInfo.NONE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return LeaseInfo.NONE;
        }
    }

    /** {@code DHCP4.OPTION[4]:expiry = 1700000000} lines; obtained = expiry - dhcp_lease_time. */
    static LeaseInfo parse(String out) {
        Map<String, String> opts = new HashMap<>();
        for (String line : out.split("\n")) {
            int colon = line.indexOf(':');
            int eq = line.indexOf(" = ");
            if (line.startsWith("DHCP4.OPTION") && colon > 0 && eq > colon) {
                opts.put(line.substring(colon + 1, eq).trim(), line.substring(eq + 3).trim());
            }
        }
        Instant expires = number(opts.get("expiry")) == null ? null : Instant.ofEpochSecond(number(opts.get("expiry")));
        Long leaseTime = number(opts.get("dhcp_lease_time"));
        Instant obtained = expires == null || leaseTime == null ? null : expires.minusSeconds(leaseTime);
        return new LeaseInfo(opts.get("dhcp_server_identifier"), obtained, expires);
    }

    @Override
    public OperationResult release(String ifname, Detection client, Deadline deadline) throws InterruptedException {
        CommandResult r = host.runner().run(List.of("nmcli", "--wait", seconds(deadline), "device", "disconnect", ifname),
                deadline);
        return CommandOutcomes.of(r, "NetworkManager did not disconnect " + ifname + "; see 'nmcli device status'.");
    }

    @Override
    public OperationResult renew(String ifname, Detection client, Deadline deadline) throws InterruptedException {
        CommandResult r = host.runner().run(List.of("nmcli", "--wait", seconds(deadline), "device", "connect", ifname),
                deadline);
        return CommandOutcomes.of(r, "NetworkManager did not bring " + ifname + " up with a new lease; see"
                + " 'nmcli device status' and 'journalctl -u NetworkManager'.");
    }

    private static String seconds(Deadline d) {
        return Long.toString(Math.max(1, d.remainingMillis() / 1000));
    }

    private static Long number(String s) {
        return s != null && s.matches("\\d+") ? Long.valueOf(s) : null;
    }
}
