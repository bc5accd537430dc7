package io.jenkins.plugins.dhcplease.linux.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.dhcplease.linux.FakeMachine;
import io.jenkins.plugins.dhcplease.linux.state.ReleaseRecord;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManagerDetectorTest {

    @TempDir
    Path root;

    private Optional<Detection> detect(FakeMachine m, String ifname, int index, boolean dynamic) throws Exception {
        ManagerDetector d = new ManagerDetector(m.host());
        return d.detect(d.scan(), ifname, index, dynamic);
    }

    @Test
    void dhclientIsFoundByTheInterfaceInItsArgvNotByAnOptionValue() throws Exception {
        FakeMachine m = new FakeMachine(root)
                .process(100, "dhclient", "/sbin/dhclient", "-4", "-v", "-pf", "/run/dhclient.eth1.pid", "-lf",
                        "/var/lib/dhcp/dhclient.eth1.leases", "eth1")
                .process(101, "dhclient", "dhclient", "-sf", "eth0", "eth2");

        Detection d = detect(m, "eth1", 2, true).orElseThrow();
        assertEquals(ClientKind.DHCLIENT, d.kind());
        assertEquals(100, d.pid());
        assertEquals("/sbin/dhclient", d.argv().get(0));
        assertEquals(Optional.empty(), detect(m, "eth0", 3, true), "eth0 is only the value of -sf");
        ManagerDetector d2 = new ManagerDetector(m.host());
        ManagerDetector.Scan scan = d2.scan();
        assertEquals(Optional.empty(), d2.detect(scan, "eth2", 4, true), "a relative script path is not believed");
        assertTrue(scan.distrusted("eth2").get(0).contains("eth0 is a relative path"), scan.distrusted("eth2").toString());
    }

    @Test
    void aDhclientServingEveryInterfaceNeverClaimsAStaticOne() throws Exception {
        FakeMachine m = new FakeMachine(root).process(102, "dhclient", "dhclient", "-pf", "/run/dhclient.pid");

        assertEquals(Optional.empty(), detect(m, "eth5", 6, false), "static: no DHCP client manages it");
        assertEquals(102, detect(m, "eth5", 6, true).orElseThrow().pid(), "with a dynamic address it is dhclient's");
    }

    @Test
    void aDaemonInAnotherNamespaceIsNotOurs() throws Exception {
        FakeMachine m = new FakeMachine(root).processIn("net:[999]", 200, "udhcpc", "udhcpc", "-i", "eth0");

        assertEquals(Optional.empty(), detect(m, "eth0", 2, false));
    }

    @Test
    void udhcpcInterfaceSpellings() throws Exception {
        assertEquals("wlan0", ManagerDetector.udhcpcInterface(List.of("-b", "-i", "wlan0")));
        assertEquals("wlan0", ManagerDetector.udhcpcInterface(List.of("-iwlan0")));
        assertEquals("wlan0", ManagerDetector.udhcpcInterface(List.of("--interface=wlan0", "-q")));
        assertEquals("wlan0", ManagerDetector.udhcpcInterface(List.of("--interface", "wlan0")));
        assertEquals("eth0", ManagerDetector.udhcpcInterface(List.of("-b", "-p", "/run/u.pid")));
        FakeMachine m = new FakeMachine(root).process(300, "udhcpc", "busybox", "udhcpc", "-i", "eth3", "-b");
        assertEquals(ClientKind.UDHCPC, detect(m, "eth3", 5, false).orElseThrow().kind());
    }

    @Test
    void dhcpcdIsFoundByItsTitleAndItsProxiesAreNeverDriven() throws Exception {
        FakeMachine m = new FakeMachine(root)
                .process(401, "dhcpcd", "dhcpcd: [privileged proxy] eth0 [ip4]")
                .process(400, "dhcpcd", "dhcpcd: eth0 [ip4]")
                .process(402, "dhcpcd", "dhcpcd: [network proxy] 198.18.0.103");

        Detection d = detect(m, "eth0", 2, true).orElseThrow();
        assertEquals(ClientKind.DHCPCD, d.kind());
        assertEquals(400, d.pid());
        assertTrue(d.ip4Only());
        assertEquals(Optional.empty(), detect(m, "eth1", 3, true));
    }

    @Test
    void aDhcpcdManagerServesAnInterfaceOnlyWithALeaseOrADynamicAddress() throws Exception {
        FakeMachine m = new FakeMachine(root).process(500, "dhcpcd", "dhcpcd: [manager] [ip4] [ip6]");

        assertEquals(Optional.empty(), detect(m, "eth0", 2, false));
        Detection d = detect(m, "eth0", 2, true).orElseThrow();
        assertFalse(d.ip4Only(), "a manager's socket is not the per-interface -4 one");
        m.file("/var/lib/dhcpcd/eth1.lease", "x");
        assertEquals(500, detect(m, "eth1", 3, false).orElseThrow().pid());
    }

    @Test
    void networkManagerWinsOverTheDhclientItRuns() throws Exception {
        FakeMachine m = new FakeMachine(root)
                .process(600, "NetworkManager", "/usr/sbin/NetworkManager", "--no-daemon")
                .process(601, "dhclient", "/sbin/dhclient", "-d", "-q", "-sf", "/usr/lib/NetworkManager/nm-dhcp-helper", "eth0");
        m.runner.answer("nmcli -t -f DEVICE,STATE device", 0, "eth0:connected\nlo:unmanaged\nbr\\:x:disconnected\n", "");

        assertEquals(ClientKind.NETWORK_MANAGER, detect(m, "eth0", 2, true).orElseThrow().kind());
        assertEquals(Map.of("eth0", "connected", "lo", "unmanaged", "br:x", "disconnected"),
                ManagerDetector.parseNmcliDevices("eth0:connected\nlo:unmanaged\nbr\\:x:disconnected\n"));
    }

    @Test
    void aClientStartedByNetworkManagerIsNeverDrivenEvenWhenNmcliFails() throws Exception {
        FakeMachine m = new FakeMachine(root)
                .process(600, "NetworkManager", "/usr/sbin/NetworkManager")
                .process(601, "dhclient", "/sbin/dhclient", "-d", "-sf", "/usr/lib/NetworkManager/nm-dhcp-helper",
                        "-pf", "/run/NetworkManager/dhclient-eth0.pid", "eth0");
        m.runner.answer("nmcli", 8, "", "Error: NetworkManager is not running.");

        assertEquals(Optional.empty(), detect(m, "eth0", 2, true));
    }

    @Test
    void anUnmanagedDeviceFallsThroughToTheDaemon() throws Exception {
        FakeMachine m = new FakeMachine(root)
                .process(600, "NetworkManager", "/usr/sbin/NetworkManager")
                .process(601, "dhclient", "dhclient", "eth0");
        m.runner.answer("nmcli", 0, "eth0:unmanaged\n", "");

        assertEquals(ClientKind.DHCLIENT, detect(m, "eth0", 2, true).orElseThrow().kind());
    }

    @Test
    void systemdNetworkdIsFoundByItsLinkState() throws Exception {
        FakeMachine m = new FakeMachine(root)
                .process(700, "systemd-network", "/lib/systemd/systemd-networkd")
                .file("/run/systemd/netif/links/2", "# This is private data.\nADMIN_STATE=configured\nOPER_STATE=routable\n")
                .file("/run/systemd/netif/links/3", "ADMIN_STATE=unmanaged\n");

        assertEquals(ClientKind.SYSTEMD_NETWORKD, detect(m, "eth0", 2, true).orElseThrow().kind());
        assertEquals(Optional.empty(), detect(m, "eth1", 3, true));
    }

    @Test
    void aClientStoppedByOurReleaseIsFoundByItsRecord() throws Exception {
        FakeMachine m = new FakeMachine(root);
        m.host().state().saveRelease("eth0", new ReleaseRecord(ClientKind.DHCPCD, List.of("dhcpcd", "-4", "eth0"),
                FakeMachine.NETNS, Instant.parse("2026-11-25T08:00:00Z")));

        Detection d = detect(m, "eth0", 2, false).orElseThrow();
        assertEquals(ClientKind.DHCPCD, d.kind());
        assertFalse(d.running());
        assertTrue(d.ip4Only());
        assertTrue(d.evidence().contains("stopped by dhcp-lease's release"), d.evidence());
    }

    @Test
    void theDescriptionOfClientsSeenNamesThem() throws Exception {
        FakeMachine m = new FakeMachine(root).process(800, "dhclient", "dhclient", "eth9").process(801, "bash", "bash");
        ManagerDetector d = new ManagerDetector(m.host());

        String seen = ManagerDetector.describeClients(d.scan());
        assertTrue(seen.contains("process 800 'dhclient eth9'") && !seen.contains("bash"), seen);
        assertTrue(ManagerDetector.describeClients(new ManagerDetector(new FakeMachine(root.resolve("empty")).host()).scan())
                .startsWith("no DHCP client process"));
    }
}
