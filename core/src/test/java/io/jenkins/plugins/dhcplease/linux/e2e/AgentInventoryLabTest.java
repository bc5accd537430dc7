package io.jenkins.plugins.dhcplease.linux.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.dhcplease.files.Json;
import io.jenkins.plugins.dhcplease.linux.detect.ClientKind;
import io.jenkins.plugins.dhcplease.linux.testbed.InventoryInNamespace;
import io.jenkins.plugins.dhcplease.linux.testbed.Sh;
import io.jenkins.plugins.dhcplease.linux.testbed.TcpListenerInNamespace;
import io.jenkins.plugins.dhcplease.linux.testbed.Testbed;
import io.jenkins.plugins.dhcplease.linux.testbed.TestbedExtension;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What {@code dhcpAdapters} returns, from the agent-side code it runs ({@code AgentInventory}) in a JVM inside the
 * lab: the fields of {@code adapters --json}, the adapter that carries the JVM's own connection marked, the filter, and
 * a malformed filter refused. Read-only: the client keeps its address and the server its lease.
 */
class AgentInventoryLabTest {

    @RegisterExtension
    final TestbedExtension testbed = new TestbedExtension(Testbed.Second.NONE);

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> adapters(Sh.Result r) {
        assertEquals(0, r.code(), r.out() + r.err());
        return (List<Map<String, Object>>) Json.parse(r.out());
    }

    @Test
    void theAdapterCarryingTheAgentsConnectionIsMarkedAndTheFilterApplies() throws Exception {
        Testbed lab = testbed.testbed();
        lab.startClient(ClientKind.DHCPCD);
        String address = lab.clientAddress(lab.clientInterface()).orElseThrow();
        try (TcpListenerInNamespace listener = TcpListenerInNamespace.start(lab.serverNamespace(), Testbed.SERVER_ADDRESS)) {
            String channel = Testbed.SERVER_ADDRESS + ":" + listener.port();

            Sh.Result listed = InventoryInNamespace.run(lab, channel, "-");
            List<Map<String, Object>> all = adapters(listed);

            Map<String, Object> lab0 = all.stream().filter(a -> a.get("name").equals(lab.clientInterface())).findFirst()
                    .orElseThrow(() -> new AssertionError(all.toString()));
            assertEquals(List.of("id", "index", "name", "description", "mac", "type", "up", "dhcpEnabled", "addresses",
                    "gateways", "dhcpServer", "leaseObtained", "leaseExpires", "manager", "agentConnection"),
                    List.copyOf(lab0.keySet()));
            assertEquals(true, lab0.get("agentConnection"), "its connection leaves from " + address + ": " + listed.err());
            assertEquals(true, lab0.get("dhcpEnabled"));
            assertEquals("dhcpcd", lab0.get("manager"));
            assertEquals(address, ((Map<String, Object>) ((List<?>) lab0.get("addresses")).get(0)).get("address"));
            assertTrue(all.stream().filter(a -> a != lab0).noneMatch(a -> Boolean.TRUE.equals(a.get("agentConnection"))), all.toString());
            assertEquals(List.of(address), listener.peers(2_000), "the stand-in channel came from the lab's address");

            List<Map<String, Object>> filtered = adapters(InventoryInNamespace.run(lab, "-", "mac:" + Testbed.CLIENT_MAC));
            assertEquals(List.of(lab.clientInterface()), filtered.stream().map(a -> a.get("name")).toList());
            assertEquals(false, filtered.get(0).get("agentConnection"), "no connection this time");
            assertEquals(List.of(), adapters(InventoryInNamespace.run(lab, "-", "token*")));
        }

        Sh.Result bad = InventoryInNamespace.run(lab, "-", "index:x");
        assertEquals(3, bad.code(), bad.out() + bad.err());
        assertTrue(bad.err().startsWith("BAD_INPUT: 'index:x' is not a valid index selector"), bad.err());

        assertEquals(Optional.of(address), lab.clientAddress(lab.clientInterface()), "listing changed nothing");
        assertEquals(address, lab.serverLease(Testbed.CLIENT_MAC).orElseThrow().ip());
    }
}
