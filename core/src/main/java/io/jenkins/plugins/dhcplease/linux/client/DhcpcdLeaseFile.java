package io.jenkins.plugins.dhcplease.linux.client;

import java.time.Instant;

/**
 * dhcpcd's lease file is the server's last DHCP message as it arrived (a BOOTP packet). dhcpcd rewrites it on every
 * bind and renew, so its modification time is when the lease was obtained; the server and the lease time come from
 * the packet's options 54 and 51.
 */
final class DhcpcdLeaseFile {

    private static final int OPTIONS_OFFSET = 240;
    private static final int MAGIC_OFFSET = 236;
    private static final int MAGIC = 0x63825363;

    private DhcpcdLeaseFile() {
    }

    static LeaseInfo parse(byte[] packet, Instant modified) {
        if (packet.length < OPTIONS_OFFSET || u32(packet, MAGIC_OFFSET) != MAGIC) {
            return new LeaseInfo(null, modified, null);
        }
        String server = null;
        Long leaseSeconds = null;
        int i = OPTIONS_OFFSET;
        while (i < packet.length) {
            int code = packet[i] & 0xFF;
            if (code == 255) {
                break;
            }
            if (code == 0) {
                i++;
                continue;
            }
            if (i + 1 >= packet.length) {
                break;
            }
            int len = packet[i + 1] & 0xFF;
            int v = i + 2;
            if (v + len > packet.length) {
                break;
            }
            if (code == 54 && len == 4) {
                server = (packet[v] & 0xFF) + "." + (packet[v + 1] & 0xFF) + "." + (packet[v + 2] & 0xFF) + "."
                        + (packet[v + 3] & 0xFF);
            } else if (code == 51 && len == 4) {
                leaseSeconds = u32(packet, v);
            }
            i = v + len;
        }
        Instant expires = leaseSeconds == null || leaseSeconds == 0xFFFFFFFFL ? null : modified.plusSeconds(leaseSeconds);
        return new LeaseInfo(server, modified, expires);
    }

    private static long u32(byte[] b, int at) {
        return ((b[at] & 0xFFL) << 24) | ((b[at + 1] & 0xFFL) << 16) | ((b[at + 2] & 0xFFL) << 8) | (b[at + 3] & 0xFFL);
    }
}
