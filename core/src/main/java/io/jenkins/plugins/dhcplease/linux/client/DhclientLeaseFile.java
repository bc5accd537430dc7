package io.jenkins.plugins.dhcplease.linux.client;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;

/**
 * ISC dhclient's lease database: one {@code lease { ... }} block per lease it bound, appended; the last block of an
 * interface is its current lease. Obtained = {@code expire} minus {@code dhcp-lease-time}: both written once per
 * bind, so the value is stable across reads and moves with every new lease.
 */
final class DhclientLeaseFile {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss");

    private DhclientLeaseFile() {
    }

    static LeaseInfo parse(String text, String ifname) {
        Map<String, String> last = null;
        Map<String, String> block = null;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.equals("lease {")) {
                block = new HashMap<>();
            } else if (line.equals("}") && block != null) {
                String iface = block.get("interface");
                if (iface == null || iface.equals("\"" + ifname + "\"")) {
                    last = block;
                }
                block = null;
            } else if (block != null && line.endsWith(";")) {
                String stmt = line.substring(0, line.length() - 1);
                if (stmt.startsWith("option ")) {
                    stmt = stmt.substring("option ".length());
                }
                int sp = stmt.indexOf(' ');
                if (sp > 0) {
                    block.put(stmt.substring(0, sp), stmt.substring(sp + 1).trim());
                }
            }
        }
        if (last == null) {
            return LeaseInfo.NONE;
        }
        Instant expires = time(last.get("expire"));
        Instant obtained = null;
        String leaseTime = last.get("dhcp-lease-time");
        if (expires != null && leaseTime != null && leaseTime.matches("\\d+")) {
            obtained = expires.minusSeconds(Long.parseLong(leaseTime));
        }
        return new LeaseInfo(last.get("dhcp-server-identifier"), obtained, expires);
    }

    /** {@code 3 2026/11/25 08:27:18} (UTC, the default), {@code epoch 1795595238 # ...}, or {@code never}. */
    static Instant time(String value) {
        if (value == null || value.startsWith("never")) {
            return null;
        }
        try {
            String[] w = value.split("\\s+");
            if ("epoch".equals(w[0])) {
                return Instant.ofEpochSecond(Long.parseLong(w[1]));
            }
            return LocalDateTime.parse(w[1] + " " + w[2], UTC).toInstant(ZoneOffset.UTC);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
