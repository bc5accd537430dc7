package io.jenkins.plugins.dhcplease.linux.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.dhcplease.agent.OwnConnections;
import io.jenkins.plugins.dhcplease.engine.AgentConnection;
import io.jenkins.plugins.dhcplease.engine.ConnectionFacts;
import io.jenkins.plugins.dhcplease.engine.LeaseEngine;
import io.jenkins.plugins.dhcplease.linux.LinuxDhcpClient;
import io.jenkins.plugins.dhcplease.linux.detect.ClientKind;
import io.jenkins.plugins.dhcplease.linux.testbed.Testbed;
import io.jenkins.plugins.dhcplease.linux.testbed.TestbedExtension;
import io.jenkins.plugins.dhcplease.model.LeaseAction;
import io.jenkins.plugins.dhcplease.model.LeaseException;
import io.jenkins.plugins.dhcplease.model.LeaseRequest;
import io.jenkins.plugins.dhcplease.model.OutcomeStatus;
import io.jenkins.plugins.dhcplease.model.TcpConnection;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The agent's connection known from the agent process's own socket, for real: a process in the lab namespace holds
 * a TCP connection to a listener in the server namespace (its "channel"). Its adapter is named from /proc, a plain
 * release of it is refused, and once its address has gone the connection is seen at once to leave from an address
 * no adapter holds.
 */
class OwnConnectionLabTest {

    private static final int PORT = 47123;
    private static final AgentConnection NO_GUESS = inventory -> ConnectionFacts.unknown("no route guess in this test");

    @RegisterExtension
    final TestbedExtension testbed = new TestbedExtension(Testbed.Second.STATIC);

    private Process listener;
    private Process agent;

    @AfterEach
    void stop() {
        for (Process p : new Process[] {agent, listener}) {
            if (p != null) {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void theAdapterOfTheAgentsOwnConnectionIsNamedAndItsLostAddressNoticedAtOnce() throws Exception {
        Testbed lab = testbed.testbed();
        lab.startClient(ClientKind.UDHCPC);
        String address = lab.clientAddress(lab.clientInterface()).orElseThrow();
        listener = new ProcessBuilder("ip", "netns", "exec", lab.serverNamespace(), "busybox", "nc", "-l", "-p",
                Integer.toString(PORT)).start();
        LinuxDhcpClient client = new LinuxDhcpClient(lab.host());
        long pid = connect(lab, client);

        OwnConnections own = new OwnConnections(client, pid, null, NO_GUESS);
        ConnectionFacts facts = own.find(client.adapters());
        assertTrue(facts.known(), facts.evidence());
        assertEquals(Set.of(lab.clientInterface()), facts.adapterIds());
        assertTrue(facts.evidence().contains(address + ":") && facts.evidence().contains(Testbed.SERVER_ADDRESS + ":" + PORT),
                facts.evidence());

        LeaseEngine engine = new LeaseEngine(client, own);
        LeaseRequest release = LeaseRequest.builder(LeaseAction.RELEASE).selector(lab.clientInterface())
                .timeout(Duration.ofSeconds(10)).build();
        LeaseException refused = assertThrows(LeaseException.class, () -> engine.run(release, line -> { }));
        assertEquals(LeaseException.Kind.REFUSED, refused.kind());
        assertEquals(Set.of(address), Set.copyOf(lab.clientAddress(lab.clientInterface()).stream().toList()));

        LeaseRequest allowed = LeaseRequest.builder(LeaseAction.RELEASE).selector(lab.clientInterface())
                .timeout(Duration.ofSeconds(10)).allowAgentDisconnect(true).build();
        assertEquals(OutcomeStatus.RELEASED, engine.run(allowed, line -> { }).outcomes().get(0).status());
        ConnectionFacts after = own.find(client.adapters());
        assertFalse(after.known(), "the connection now leaves from an address no adapter holds: " + after);
        assertTrue(after.evidence().contains(address), after.evidence());
    }

    /** Starts the "agent" (busybox nc, its stdin kept open) and waits for its established connection. */
    private long connect(Testbed lab, LinuxDhcpClient client) throws Exception {
        long until = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < until) {
            if (agent == null || !agent.isAlive()) {
                agent = new ProcessBuilder("ip", "netns", "exec", lab.labNamespace(), "busybox", "nc",
                        Testbed.SERVER_ADDRESS, Integer.toString(PORT)).start(); // ip netns exec execs: same pid
            }
            List<TcpConnection> mine = client.connectionsOf(agent.pid());
            if (mine.stream().anyMatch(c -> c.remotePort() == PORT)) {
                return agent.pid();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the lab process never connected to the listener");
    }
}
