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

    /** {@code nmcli -t -f DEVICE,STATE,CON-UUID device} as NetworkManager 1.42.4 printed it in the lab. */
    static final String NM_DEVICES = "lcn-c:connected:3a283ada-adcb-3e3b-8327-0e40f36f1387\n"
            + "lcn-c2:connected:c124222d-2299-3df7-b81c-5eeb8a0b2a21\nlo:unmanaged:\n";

    private static FakeMachine networkManager(FakeMachine m) throws Exception {
        m.process(600, "NetworkManager", "/usr/sbin/NetworkManager", "--no-daemon");
        m.runner.answer("/usr/bin/nmcli -t -f DEVICE,STATE,CON-UUID device", 0, NM_DEVICES, "");
        m.runner.answer("/usr/bin/nmcli -g ipv4.method connection show uuid 3a283ada", 0, "auto\n", "");
        m.runner.answer("/usr/bin/nmcli -g ipv4.method connection show uuid c124222d", 0, "manual\n", "");
        return m;
    }

    @Test
    void networkManagerWinsOverTheDhclientItRuns() throws Exception {
        FakeMachine m = networkManager(new FakeMachine(root))
                .process(601, "dhclient", "/sbin/dhclient", "-d", "-q", "-sf", "/usr/lib/NetworkManager/nm-dhcp-helper", "lcn-c");

        Detection d = detect(m, "lcn-c", 2, true).orElseThrow();
        assertEquals(ClientKind.NETWORK_MANAGER, d.kind());
        assertEquals(List.of("3a283ada-adcb-3e3b-8327-0e40f36f1387"), d.argv(), "the active connection, for the renew");
        assertTrue(d.evidence().contains("ipv4.method auto"), d.evidence());
    }

    @Test
    void aStaticNetworkManagerConnectionIsStaticWhateverElseExists() throws Exception {
        FakeMachine m = networkManager(new FakeMachine(root)).process(602, "dhclient", "dhclient", "lcn-c2");
        m.host().state().saveRelease("lcn-c2", new ReleaseRecord(ClientKind.DHCLIENT, List.of("dhclient", "lcn-c2"),
                FakeMachine.NETNS, Instant.now()));

        assertEquals(Optional.empty(), detect(m, "lcn-c2", 4, true), "ipv4.method manual: not DHCP");
        for (String method : List.of("disabled", "link-local", "shared")) {
            m.runner.answer("/usr/bin/nmcli -g ipv4.method connection show uuid 3a283ada", 0, method + "\n", "");
            assertEquals(Optional.empty(), detect(m, "lcn-c", 2, true), method);
        }
    }

    @Test
    void aDisconnectedDeviceIsDhcpWhenAConnectionAvailableToItIs() throws Exception {
        FakeMachine m = new FakeMachine(root).process(600, "NetworkManager", "/usr/sbin/NetworkManager");
        m.runner.answer("/usr/bin/nmcli -t -f DEVICE,STATE,CON-UUID device", 0, "eth0:disconnected:\neth1:disconnected:\n", "");
        m.runner.answer("/usr/bin/nmcli -t -f CONNECTIONS.AVAILABLE-CONNECTIONS device show eth0", 0,
                "CONNECTIONS.AVAILABLE-CONNECTIONS[1]:3a283ada-adcb-3e3b-8327-0e40f36f1387 | lab-dhcp\n", "");
        m.runner.answer("/usr/bin/nmcli -t -f CONNECTIONS.AVAILABLE-CONNECTIONS device show eth1", 0,
                "CONNECTIONS.AVAILABLE-CONNECTIONS[1]:c124222d-2299-3df7-b81c-5eeb8a0b2a21 | lab-static\n", "");
        m.runner.answer("/usr/bin/nmcli -g ipv4.method connection show uuid 3a283ada", 0, "auto\n", "");
        m.runner.answer("/usr/bin/nmcli -g ipv4.method connection show uuid c124222d", 0, "manual\n", "");

        Detection d = detect(m, "eth0", 2, false).orElseThrow();
        assertEquals(ClientKind.NETWORK_MANAGER, d.kind());
        assertEquals(List.of(), d.argv(), "no active connection: a renew activates");
        assertEquals(Optional.empty(), detect(m, "eth1", 3, false));
    }

    @Test
    void externallyManagedAndUnmanagedDevicesAreNotNetworkManagers() throws Exception {
        FakeMachine m = new FakeMachine(root).process(600, "NetworkManager", "/usr/sbin/NetworkManager")
                .process(601, "dhclient", "dhclient", "eth0");
        m.runner.answer("/usr/bin/nmcli -t -f DEVICE,STATE,CON-UUID device", 0,
                "eth0:unmanaged:\ndocker0:connected (externally):0c0f7a44-7a5b-4e0e-9d3b-1a2f9a1b2c3d\n", "");

        assertEquals(ClientKind.DHCLIENT, detect(m, "eth0", 2, true).orElseThrow().kind(), "falls through to the daemon");
        assertEquals(Optional.empty(), detect(m, "docker0", 5, false), "docker0: not DHCP");
    }

    @Test
    void nmcliTerseFieldsAreUnescaped() {
        assertEquals(Map.of("br:x", new NetworkManagerDevices.Device("disconnected", ""),
                "eth0", new NetworkManagerDevices.Device("connected", "u-1")),
                NetworkManagerDevices.parseDevices("br\\:x:disconnected:\neth0:connected:u-1\n"));
        assertEquals(List.of("3a283ada-adcb-3e3b-8327-0e40f36f1387"), NetworkManagerDevices.parseAvailable(
                "CONNECTIONS.AVAILABLE-CONNECTIONS[1]:3a283ada-adcb-3e3b-8327-0e40f36f1387 | lab-dhcp\n"));
    }

    @Test
    void aClientStartedByNetworkManagerIsNeverDrivenEvenWhenNmcliFails() throws Exception {
        FakeMachine m = new FakeMachine(root)
                .process(600, "NetworkManager", "/usr/sbin/NetworkManager")
                .process(601, "dhclient", "/sbin/dhclient", "-d", "-sf", "/usr/lib/NetworkManager/nm-dhcp-helper",
                        "-pf", "/run/NetworkManager/dhclient-eth0.pid", "eth0");
        m.runner.answer("/usr/bin/nmcli", 8, "", "Error: NetworkManager is not running.");

        assertEquals(Optional.empty(), detect(m, "eth0", 2, true));
    }

    /** /run/systemd/netif/links/N as systemd-networkd 252 wrote them in the lab (abridged). */
    static final String NETWORKD_DHCP_LINK = "# This is private data. Do not parse.\nADMIN_STATE=configured\n"
            + "OPER_STATE=routable\nNETWORK_FILE=/etc/systemd/network/10-lab-dhcp.network\n"
            + "DHCP_LEASE=/run/systemd/netif/leases/2\n";
    static final String NETWORKD_STATIC_LINK = "# This is private data. Do not parse.\nADMIN_STATE=configuring\n"
            + "OPER_STATE=routable\nNETWORK_FILE=/etc/systemd/network/10-lab-static.network\n";

    @Test
    void systemdNetworkdIsFoundByItsLinkStateAndDhcpSetting() throws Exception {
        FakeMachine m = new FakeMachine(root)
                .process(700, "systemd-network", "/lib/systemd/systemd-networkd")
                .file("/run/systemd/netif/links/2", NETWORKD_DHCP_LINK)
                .file("/run/systemd/netif/links/3", "ADMIN_STATE=unmanaged\n")
                .file("/run/systemd/netif/links/4", NETWORKD_STATIC_LINK)
                .file("/etc/systemd/network/10-lab-static.network", "[Match]\nName=lcd-c2\n[Network]\nAddress=198.19.0.2/24\n")
                .file("/run/systemd/netif/links/5", NETWORKD_STATIC_LINK.replace("10-lab-static", "20-waiting"))
                .file("/etc/systemd/network/20-waiting.network", "[Match]\nName=eth5\n[Network]\nDHCP=no\n")
                .file("/etc/systemd/network/20-waiting.network.d/dhcp.conf", "[Network]\nDHCP=ipv4\n");

        assertEquals(ClientKind.SYSTEMD_NETWORKD, detect(m, "lcd-c", 2, true).orElseThrow().kind());
        assertEquals(Optional.empty(), detect(m, "eth1", 3, false), "unmanaged and no other client");
        assertEquals(Optional.empty(), detect(m, "lcd-c2", 4, false), "static (no DHCP=): never networkd's DHCP");
        Detection waiting = detect(m, "eth5", 5, false).orElseThrow();
        assertEquals(ClientKind.SYSTEMD_NETWORKD, waiting.kind(), "DHCP=ipv4 in a drop-in, no lease yet");
        assertTrue(waiting.evidence().contains("DHCP=ipv4"), waiting.evidence());
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
