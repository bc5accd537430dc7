package io.jenkins.plugins.dhcplease.linux.client;

import io.jenkins.plugins.dhcplease.engine.Deadline;
import io.jenkins.plugins.dhcplease.engine.OperationResult;
import io.jenkins.plugins.dhcplease.linux.LinuxHost;
import io.jenkins.plugins.dhcplease.linux.command.CommandResult;
import io.jenkins.plugins.dhcplease.linux.detect.Detection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * systemd-networkd through the system's {@code networkctl}: renew is {@code networkctl renew IF} (a true RENEW,
 * asynchronous; with the server silent networkd keeps the lease and its address and retries, measured with 252);
 * the lease is {@code /run/systemd/netif/leases/<ifindex>}, rewritten on every bind. A release on its own is not
 * possible: {@code networkctl down} drops the link before anything is sent, and the RELEASE of
 * {@code networkctl reconfigure} lacks the server identifier, so servers ignore it.
 */
final class NetworkdDriver implements ClientDriver {

    private final LinuxHost host;
    private final SystemBinaries bin;

    NetworkdDriver(LinuxHost host) {
        this.host = host;
        this.bin = new SystemBinaries(host);
    }

    @Override
    public LeaseInfo lease(String ifname, int ifindex, Detection client) {
        Path f = host.file("/run/systemd/netif/leases/" + ifindex);
        try {
            return parse(Files.readAllLines(f), Files.getLastModifiedTime(f).toInstant());
        } catch (IOException e) {
            return LeaseInfo.NONE;
        }
    }

    static LeaseInfo parse(List<String> lines, Instant modified) {
        Map<String, String> m = new HashMap<>();
        for (String line : lines) {
            int eq = line.indexOf('=');
            if (eq > 0 && !line.startsWith("#")) {
                m.put(line.substring(0, eq), line.substring(eq + 1).trim());
            }
        }
        String lifetime = m.get("LIFETIME");
        Instant expires = lifetime != null && lifetime.matches("\\d+") ? modified.plusSeconds(Long.parseLong(lifetime)) : null;
        return new LeaseInfo(m.get("SERVER_ADDRESS"), modified, expires);
    }

    @Override
    public OperationResult release(String ifname, Detection client, Deadline deadline) {
        return OperationResult.failed(CommandOutcomes.NOT_SUPPORTED, "systemd-networkd manages " + ifname + " and cannot release a"
                + " lease on its own: 'networkctl down' drops the link before a RELEASE goes out, and the RELEASE of"
                + " 'networkctl reconfigure' lacks the server identifier, so servers ignore it. Nothing was changed."
                + " Use renew instead (dhcpRenew without releaseFirst; 'dhcp-lease renew').");
    }

    @Override
    public OperationResult renew(String ifname, Detection client, Deadline deadline) throws InterruptedException {
        try {
            CommandResult r = host.runner().run(List.of(bin.require("networkctl"), "renew", ifname), deadline);
            return CommandOutcomes.of(r, "systemd-networkd did not take the renew request; check 'networkctl status "
                    + ifname + "'.");
        } catch (SystemBinaries.Missing e) {
            return CommandOutcomes.missing(e);
        }
    }
}
