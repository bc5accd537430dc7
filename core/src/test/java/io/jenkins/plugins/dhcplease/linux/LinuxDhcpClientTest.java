package io.jenkins.plugins.dhcplease.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.dhcplease.engine.Deadline;
import io.jenkins.plugins.dhcplease.engine.OperationResult;
import io.jenkins.plugins.dhcplease.linux.inventory.IpInventoryTest;
import io.jenkins.plugins.dhcplease.linux.inventory.LinkAddress;
import io.jenkins.plugins.dhcplease.model.AddressOrigin;
import io.jenkins.plugins.dhcplease.model.AddressState;
import io.jenkins.plugins.dhcplease.model.LeaseException;
import io.jenkins.plugins.dhcplease.model.NetworkAdapter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinuxDhcpClientTest {

    @TempDir
    Path root;

    private FakeMachine machine() {
        FakeMachine m = new FakeMachine(root);
        m.runner.answer("ip -j -d -batch -", 0, IpInventoryTest.ADDR + IpInventoryTest.ROUTES, "");
        return m;
    }

    @Test
    void theInventoryJoinsIproute2WithTheDetectedClient() throws Exception {
        FakeMachine m = machine().process(9, "dhclient", "dhclient", "-lf", "/leases", "x-c")
                .file("/leases", "lease {\n interface \"x-c\";\n option dhcp-lease-time 120;\n"
                        + " option dhcp-server-identifier 198.18.0.1;\n expire 3 2026/11/25 08:27:18;\n}\n");

        List<NetworkAdapter> adapters = new LinuxDhcpClient(m.host()).adapters();

        assertEquals(List.of("x-c", "eth1"), adapters.stream().map(NetworkAdapter::id).toList(), "loopback left out");
        NetworkAdapter c = adapters.get(0);
        assertEquals("dhclient", c.manager());
        assertTrue(c.dhcpEnabled());
        assertEquals("198.18.0.1", c.dhcpServer());
        assertEquals(java.time.Instant.parse("2026-11-25T08:25:18Z"), c.leaseObtained());
        assertEquals(AddressOrigin.DHCP, c.addresses().get(0).origin());
        assertEquals(AddressOrigin.LINK_LOCAL, c.addresses().get(1).origin());
        assertEquals(AddressState.TENTATIVE, c.addresses().get(1).state());
        assertEquals("veth", c.type());
        NetworkAdapter eth1 = adapters.get(1);
        assertFalse(eth1.dhcpEnabled());
        assertNull(eth1.manager());
        assertNull(eth1.leaseObtained());
        assertEquals(AddressOrigin.MANUAL, eth1.addresses().get(0).origin());
        assertEquals("ethernet", eth1.type());
    }

    @Test
    void aDynamicAddressWithoutAKnownClientIsDhcpButCannotBeDriven() throws Exception {
        FakeMachine m = machine().process(5, "dhclient", "dhclient", "eth7");
        LinuxDhcpClient client = new LinuxDhcpClient(m.host());
        NetworkAdapter c = client.adapters().get(0);
        assertTrue(c.dhcpEnabled());
        assertNull(c.manager());

        OperationResult r = client.renew(c, Deadline.after(Duration.ofSeconds(5)));

        assertEquals(LinuxDhcpClient.NO_KNOWN_CLIENT, r.code());
        assertTrue(r.message().startsWith("Nothing was changed"), r.message());
        assertTrue(r.message().contains("process 5 'dhclient eth7'") && r.message().contains("never starts"), r.message());
        assertTrue(m.runner.ran().stream().allMatch(cmd -> cmd.get(0).equals("ip")), "only the inventory ran: " + m.runner.ran());
    }

    @Test
    void udhcpcAddressesCountAsDhcpThoughTheyHaveNoLifetime() {
        LinkAddress permanent = new LinkAddress("10.0.0.5", 24, false, false, false, -1);

        assertEquals(AddressOrigin.DHCP, LinuxDhcpClient.origin(permanent, true));
        assertEquals(AddressOrigin.MANUAL, LinuxDhcpClient.origin(permanent, false));
        assertEquals(AddressOrigin.LINK_LOCAL, LinuxDhcpClient.origin(new LinkAddress("169.254.1.1", 16, true, false, false, 9), true));
        assertEquals(AddressState.OTHER, LinuxDhcpClient.state(new LinkAddress("10.0.0.5", 24, false, false, true, -1)));
    }

    @Test
    void aFailingIpIsAnInventoryFailure() {
        FakeMachine m = new FakeMachine(root);
        m.runner.answer("ip", 1, "", "Object \"addr\" is unknown");

        LeaseException e = org.junit.jupiter.api.Assertions.assertThrows(LeaseException.class,
                () -> new LinuxDhcpClient(m.host()).adapters());
        assertEquals(LeaseException.Kind.INVENTORY_FAILED, e.kind());
        assertTrue(e.getMessage().contains("is unknown") && e.getMessage().contains("iproute2"), e.getMessage());
    }

    @Test
    void clientCommandsEndBeforeTheEnginesDeadline() {
        Deadline engine = Deadline.after(Duration.ofSeconds(10));
        long early = LinuxDhcpClient.early(engine).remainingMillis();
        assertTrue(early < engine.remainingMillis() && early > 9_000, early + " ms");
        assertTrue(LinuxDhcpClient.early(Deadline.after(Duration.ofMillis(100))).remainingMillis() <= 50);
    }
}
