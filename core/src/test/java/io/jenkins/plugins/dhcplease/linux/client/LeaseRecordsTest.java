package io.jenkins.plugins.dhcplease.linux.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lease records of each client, as the inventory reads them. */
class LeaseRecordsTest {

    static final String DHCLIENT_LEASES = """
            lease {
              interface "eth0";
              fixed-address 198.18.0.103;
              option dhcp-lease-time 120;
              option dhcp-server-identifier 198.18.0.1;
              renew 3 2026/11/25 08:26:08;
              expire 3 2026/11/25 08:27:18;
            }
            lease {
              interface "eth1";
              fixed-address 10.1.1.1;
              option dhcp-lease-time 600;
              option dhcp-server-identifier 10.1.1.254;
              expire 3 2026/11/25 09:00:00;
            }
            lease {
              interface "eth0";
              fixed-address 198.18.0.103;
              option subnet-mask 255.255.255.0;
              option dhcp-lease-time 120;
              option dhcp-server-identifier 198.18.0.1;
              renew 3 2026/11/25 08:27:22;
              expire 3 2026/11/25 08:28:23;
            }
            """;

    @Test
    void dhclientsLastBlockOfTheInterfaceIsTheLease() {
        LeaseInfo eth0 = DhclientLeaseFile.parse(DHCLIENT_LEASES, "eth0");

        assertEquals("198.18.0.1", eth0.server());
        assertEquals(Instant.parse("2026-11-25T08:28:23Z"), eth0.expires());
        assertEquals(Instant.parse("2026-11-25T08:26:23Z"), eth0.obtained(), "expire - dhcp-lease-time");
        assertEquals("10.1.1.254", DhclientLeaseFile.parse(DHCLIENT_LEASES, "eth1").server());
        assertEquals(LeaseInfo.NONE, DhclientLeaseFile.parse(DHCLIENT_LEASES, "eth2"));
    }

    @Test
    void dhclientTimeFormats() {
        assertEquals(Instant.ofEpochSecond(1795595238), DhclientLeaseFile.time("epoch 1795595238; # Wed Nov 25 08:27:18 2026"
                .replace(";", "")));
        assertNull(DhclientLeaseFile.time("never"));
        assertNull(DhclientLeaseFile.time("garbage"));
    }

    /** A DHCPACK as dhcpcd stores it: BOOTP header, magic cookie, options 53, 54, 51, end. */
    static byte[] ack(int leaseSeconds) {
        byte[] p = new byte[300];
        p[0] = 2;
        p[236] = 0x63;
        p[237] = (byte) 0x82;
        p[238] = 0x53;
        p[239] = 0x63;
        byte[] opts = {53, 1, 5, 0, 54, 4, (byte) 198, 18, 0, 1, 51, 4, (byte) (leaseSeconds >>> 24),
            (byte) (leaseSeconds >>> 16), (byte) (leaseSeconds >>> 8), (byte) leaseSeconds, (byte) 255};
        System.arraycopy(opts, 0, p, 240, opts.length);
        return p;
    }

    @Test
    void dhcpcdsLeaseIsTheServersAckWrittenAtBind() {
        Instant written = Instant.parse("2026-11-25T08:27:28.626781310Z");

        LeaseInfo l = DhcpcdLeaseFile.parse(ack(120), written);

        assertEquals("198.18.0.1", l.server());
        assertEquals(written, l.obtained());
        assertEquals(written.plusSeconds(120), l.expires());
        assertEquals(new LeaseInfo(null, written, null), DhcpcdLeaseFile.parse(new byte[10], written), "truncated");
    }

    @Test
    void networkdsLeaseFile() {
        Instant written = Instant.parse("2026-11-25T08:00:00Z");
        LeaseInfo l = NetworkdDriver.parse(List.of("# This is private data. Do not parse.", "ADDRESS=10.0.0.7",
                "SERVER_ADDRESS=10.0.0.1", "LIFETIME=3600"), written);

        assertEquals(new LeaseInfo("10.0.0.1", written, written.plusSeconds(3600)), l);
    }

    @Test
    void networkManagersDhcp4Options() {
        LeaseInfo l = NetworkManagerDriver.parse("""
                DHCP4.OPTION[1]:dhcp_lease_time = 3600
                DHCP4.OPTION[2]:dhcp_server_identifier = 192.168.1.1
                DHCP4.OPTION[3]:expiry = 1795600000
                DHCP4.OPTION[4]:ip_address = 192.168.1.50
                """);

        assertEquals(new LeaseInfo("192.168.1.1", Instant.ofEpochSecond(1795600000 - 3600), Instant.ofEpochSecond(1795600000)), l);
    }
}
