package io.jenkins.plugins.dhcplease.agent;

import static io.jenkins.plugins.dhcplease.engine.FakeDhcpClient.dhcp;
import static io.jenkins.plugins.dhcplease.engine.FakeDhcpClient.fixed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.dhcplease.engine.AgentConnection;
import io.jenkins.plugins.dhcplease.engine.ConnectionFacts;
import io.jenkins.plugins.dhcplease.engine.FakeDhcpClient;
import io.jenkins.plugins.dhcplease.model.LeaseException;
import io.jenkins.plugins.dhcplease.model.NetworkAdapter;
import io.jenkins.plugins.dhcplease.model.TcpConnection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Knowing the agent's connection from the agent process's own sockets, and failing closed when they tell nothing. */
class OwnConnectionsTest {

    private final FakeDhcpClient os = new FakeDhcpClient().with(dhcp("Ethernet", 4, "00-15-5D-00-00-04", "10.0.0.5"))
            .with(fixed("Ethernet 2", 7, "00-15-5D-00-00-07", "192.168.9.9"));
    private final List<TcpConnection> sockets = os.connections;
    private int routeAsked;
    private final AgentConnection route = inventory -> {
        routeAsked++;
        return ConnectionFacts.unknown("no route guess in this test");
    };

    private ConnectionFacts find(String ssh) throws LeaseException {
        List<NetworkAdapter> inventory = os.adapters();
        return new OwnConnections(os, 42, ssh, route).find(inventory);
    }

    @Test
    void theAdapterHoldingTheLocalAddressOfAnEstablishedConnectionCarriesIt() throws Exception {
        sockets.add(new TcpConnection("10.0.0.5", 40000, "10.0.0.1", 50000));
        sockets.add(new TcpConnection("127.0.0.1", 40001, "127.0.0.1", 8080));
        ConnectionFacts f = find(null);
        assertTrue(f.known());
        assertEquals(Set.of("{Ethernet}"), f.adapterIds());
        assertTrue(f.evidence().contains("10.0.0.5:40000 → 10.0.0.1:50000"), f.evidence());
        assertEquals(0, routeAsked, "no guess when the connections tell");
    }

    @Test
    void anSshLaunchedAgentIsKnownByTheLocalEndOfSshConnection() throws Exception {
        ConnectionFacts f = find("198.18.0.1 52000 192.168.9.9 22");
        assertEquals(Set.of("{Ethernet 2}"), f.adapterIds());
        assertTrue(f.evidence().contains("SSH_CONNECTION"), f.evidence());
    }

    @Test
    void noConnectionAndNoSshMeansItCannotBeTold() throws Exception {
        ConnectionFacts f = find(null);
        assertFalse(f.known());
        assertTrue(f.evidence().contains("stdin/stdout"), f.evidence());
        assertEquals(1, routeAsked, "the route is the fallback");
    }

    @Test
    void aConnectionFromAnAddressNoAdapterListsMeansItCannotBeTold() throws Exception {
        sockets.add(new TcpConnection("2001:db8:0:0:0:0:0:5", 40000, "2001:db8:0:0:0:0:0:1", 443));
        ConnectionFacts f = find(null);
        assertFalse(f.known(), "an IPv6-only channel must not pass as 'no adapter carries it'");
        assertTrue(f.evidence().contains("2001:db8:0:0:0:0:0:5"), f.evidence());
    }

    @Test
    void onlyLoopbackConnectionsMeanNoAdapterCarriesIt() throws Exception {
        sockets.add(new TcpConnection("127.0.0.1", 40001, "127.0.0.1", 8080));
        ConnectionFacts f = find(null);
        assertTrue(f.known());
        assertEquals(Set.of(), f.adapterIds());
    }

    @Test
    void unlistableConnectionsFallBackToTheRouteAndOtherwiseCannotBeTold() throws Exception {
        os.connections = null;
        ConnectionFacts f = find(null);
        assertFalse(f.known());
        assertTrue(f.evidence().contains("no /proc here"), f.evidence());
        AgentConnection guess = inventory -> ConnectionFacts.carriedBy(inventory, Set.of("10.0.0.5"), "guessed");
        List<NetworkAdapter> inventory = os.adapters();
        assertEquals(Set.of("{Ethernet}"), new OwnConnections(os, 42, null, guess).find(inventory).adapterIds());
        assertEquals(Optional.of("guessed"), Optional.of(new OwnConnections(os, 42, null, guess).find(inventory).evidence()));
    }
}
