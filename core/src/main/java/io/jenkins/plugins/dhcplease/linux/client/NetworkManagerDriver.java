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
 * NetworkManager through the system's {@code nmcli} (never the DHCP client it may run internally). Measured with
 * NetworkManager 1.42 (its internal DHCP client) in a lab namespace:
 * <ul>
 * <li>release: {@code nmcli --wait S device disconnect IF}, but only when the active connection has
 *     {@code ipv4.dhcp-send-release yes}: otherwise NetworkManager drops the address without telling the server
 *     (1.42 has no such setting and never sends a RELEASE), and the release is refused with nothing changed, as for
 *     systemd-networkd. The device stays disconnected until connected again;</li>
 * <li>renew of a connected device: {@code nmcli device modify IF ipv4.dhcp-timeout T} — a reapply of the applied
 *     connection with a changed DHCP property makes NetworkManager restart its DHCP client, which asks for the same
 *     lease (REQUEST) without removing the address. {@code T} is the lease's remaining seconds plus the connection's own
 *     DHCP timeout: with the server silent NetworkManager keeps the address while the lease is valid and keeps asking,
 *     and gives up (re-activates the device) only when the lease is over, as it would anyway. The saved profile is not
 *     changed. ({@code nmcli device connect} re-activates: the address goes at once.)</li>
 * <li>renew of a disconnected device (after a release): {@code nmcli --wait S device connect IF}.</li>
 * </ul>
 * Lease details from {@code nmcli -t -f DHCP4 device show IF}.
 */
final class NetworkManagerDriver implements ClientDriver {

    private static final Duration LEASE_QUERY_TIMEOUT = Duration.ofSeconds(5);
    /** NetworkManager's default {@code ipv4.dhcp-timeout} (the profile's 0 means it). */
    static final long DEFAULT_DHCP_TIMEOUT = 45;
    private static final long INFINITE = 2147483647L;

    private final LinuxHost host;
    private final SystemBinaries bin;

    NetworkManagerDriver(LinuxHost host) {
        this.host = host;
        this.bin = new SystemBinaries(host);
    }

    @Override
    public LeaseInfo lease(String ifname, int ifindex, Detection client) {
        try {
            CommandResult r = host.runner().run(List.of(bin.require("nmcli"), "-t", "-f", "DHCP4", "device", "show",
                    ifname), Deadline.after(LEASE_QUERY_TIMEOUT));
            return r.ok() ? parse(r.stdout()) : LeaseInfo.NONE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return LeaseInfo.NONE;
        } catch (SystemBinaries.Missing e) {
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
        if (client.argv().isEmpty()) {
            return OperationResult.OK; // no active connection (released before): nothing holds a lease
        }
        try {
            String uuid = client.argv().get(0);
            CommandResult send = host.runner().run(List.of(bin.require("nmcli"), "-g", "ipv4.dhcp-send-release",
                    "connection", "show", "uuid", uuid), deadline);
            if (!send.ok() || !"yes".equals(send.stdout().strip())) {
                return OperationResult.failed(CommandOutcomes.NOT_SUPPORTED, "Nothing was changed: NetworkManager"
                        + " manages " + ifname + " (connection " + uuid + ") and would only drop the address, without"
                        + " a RELEASE to the server, which would keep the lease: "
                        + (send.ok() ? "the connection's ipv4.dhcp-send-release is '" + send.stdout().strip() + "'"
                                : "this NetworkManager has no ipv4.dhcp-send-release setting (" + send.describe() + ")")
                        + ". Set it ('nmcli connection modify " + uuid + " ipv4.dhcp-send-release yes') where"
                        + " NetworkManager supports it, or use renew (dhcpRenew without releaseFirst; 'dhcp-lease"
                        + " renew').");
            }
            CommandResult r = host.runner().run(List.of(bin.require("nmcli"), "--wait", seconds(deadline), "device",
                    "disconnect", ifname), deadline);
            return CommandOutcomes.of(r, "NetworkManager did not disconnect " + ifname + "; see 'nmcli device status'.");
        } catch (SystemBinaries.Missing e) {
            return CommandOutcomes.missing(e);
        }
    }

    @Override
    public OperationResult renew(String ifname, Detection client, Deadline deadline) throws InterruptedException {
        try {
            String nmcli = bin.require("nmcli");
            if (client.argv().isEmpty()) {
                // no active connection (released: disconnected): activation is the only way, and nothing is lost
                CommandResult r = host.runner().run(List.of(nmcli, "--wait", seconds(deadline), "device", "connect",
                        ifname), deadline);
                return CommandOutcomes.of(r, "NetworkManager did not bring " + ifname + " up with a new lease; see"
                        + " 'nmcli device status' and 'journalctl -u NetworkManager'.");
            }
            String uuid = client.argv().get(0);
            CommandResult profile = host.runner().run(List.of(nmcli, "-g", "ipv4.dhcp-timeout", "connection", "show",
                    "uuid", uuid), deadline);
            if (!profile.ok()) {
                return CommandOutcomes.of(profile, "Nothing was changed: NetworkManager did not show connection " + uuid
                        + " of " + ifname + "; see 'nmcli connection show'.");
            }
            LeaseInfo lease = lease(ifname, 0, client);
            LeaseWait.pastTheSecondOf(lease.obtained(), deadline);
            long timeout = dhcpTimeout(profile.stdout().strip(), lease.expires(), Instant.now());
            CommandResult r = host.runner().run(List.of(nmcli, "device", "modify", ifname, "ipv4.dhcp-timeout",
                    Long.toString(timeout)), deadline);
            return CommandOutcomes.of(r, "NetworkManager did not restart DHCP on " + ifname + " (nothing else was"
                    + " changed); see 'nmcli device status'.");
        } catch (SystemBinaries.Missing e) {
            return CommandOutcomes.missing(e);
        }
    }

    /**
     * The applied DHCP timeout for a renew: the lease's remaining seconds plus the profile's own timeout (0 = 45 s),
     * so that a silent server does not make NetworkManager give a valid lease up; infinity stays (almost) infinity.
     */
    static long dhcpTimeout(String profileValue, Instant expires, Instant now) {
        long own = profileValue.matches("\\d+") ? Long.parseLong(profileValue) : 0;
        if (own >= INFINITE) {
            return INFINITE - 1; // a change NetworkManager acts on, and still 68 years
        }
        long base = own == 0 ? DEFAULT_DHCP_TIMEOUT : own;
        long left = expires == null ? 0 : Math.max(0, expires.getEpochSecond() - now.getEpochSecond());
        return Math.min(INFINITE - 1, base + left);
    }

    private static String seconds(Deadline d) {
        return Long.toString(Math.max(1, d.remainingMillis() / 1000));
    }

    private static Long number(String s) {
        return s != null && s.matches("\\d+") ? Long.valueOf(s) : null;
    }
}
