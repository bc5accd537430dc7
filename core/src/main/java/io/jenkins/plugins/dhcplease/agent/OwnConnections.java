package io.jenkins.plugins.dhcplease.agent;

import io.jenkins.plugins.dhcplease.engine.AgentConnection;
import io.jenkins.plugins.dhcplease.engine.ConnectionFacts;
import io.jenkins.plugins.dhcplease.engine.DhcpClient;
import io.jenkins.plugins.dhcplease.model.LeaseException;
import io.jenkins.plugins.dhcplease.model.NetworkAdapter;
import io.jenkins.plugins.dhcplease.model.TcpConnection;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The adapters carrying a Jenkins agent's connection, known exactly: those holding the local addresses of the agent
 * process's own established TCP connections, plus the local end of {@code SSH_CONNECTION} (an SSH-launched agent's
 * channel is its stdin/stdout). The route towards the controller is only a fallback. A connection from an address
 * no listed adapter holds (IPv6, a tunnel the inventory does not show) makes the answer "cannot tell": fail closed.
 */
public final class OwnConnections implements AgentConnection {

    private final DhcpClient client;
    private final long agentPid;
    private final String sshConnection;
    private final AgentConnection fallback;

    /**
     * @param sshConnection the agent process's {@code SSH_CONNECTION} ("client port server port"), or null
     * @param fallback      asked only when the connections tell nothing (usually {@link ControllerRoute})
     */
    public OwnConnections(DhcpClient client, long agentPid, String sshConnection, AgentConnection fallback) {
        this.client = client;
        this.agentPid = agentPid;
        this.sshConnection = sshConnection;
        this.fallback = fallback;
    }

    @Override
    public ConnectionFacts find(List<NetworkAdapter> inventory) {
        Set<String> locals = new LinkedHashSet<>();
        List<String> evidence = new ArrayList<>();
        String unlisted = null;
        boolean loopbackOnly = false;
        try {
            List<TcpConnection> all = client.connectionsOf(agentPid);
            for (TcpConnection c : all) {
                if (!isLoopback(c.localAddress())) {
                    locals.add(c.localAddress());
                    evidence.add(c.toString());
                }
            }
            loopbackOnly = !all.isEmpty() && locals.isEmpty();
        } catch (LeaseException e) {
            unlisted = e.getMessage();
        }
        sshLocalAddress().ifPresent(a -> {
            locals.add(a);
            evidence.add("SSH_CONNECTION " + sshConnection.trim());
        });
        if (!locals.isEmpty()) {
            Set<String> held = new LinkedHashSet<>();
            inventory.forEach(a -> a.addresses().forEach(ad -> held.add(ad.address())));
            List<String> strange = locals.stream().filter(l -> !held.contains(l)).toList();
            if (!strange.isEmpty()) {
                return ConnectionFacts.unknown("the agent process has a connection from " + String.join(", ", strange)
                        + ", which no listed adapter holds (an IPv6 address, or a tunnel or virtual interface)");
            }
            return ConnectionFacts.carriedBy(inventory, locals, "the agent process's connection"
                    + (evidence.size() > 1 ? "s " : " ") + summary(evidence));
        }
        if (loopbackOnly) {
            return new ConnectionFacts(Set.of(), true, "the agent process's connections use only the loopback interface");
        }
        ConnectionFacts guessed = fallback.find(inventory);
        if (guessed.known() && !guessed.adapterIds().isEmpty()) {
            return guessed;
        }
        return ConnectionFacts.unknown((unlisted != null ? "the agent process's connections cannot be listed: " + unlisted
                : "the agent process has no network connection of its own: its channel runs over stdin/stdout (an SSH"
                + " or command launcher) and SSH_CONNECTION is not set") + "; " + guessed.evidence());
    }

    /**
     * The local addresses this process's established non-loopback connections leave from, for a message such as
     * "reconnected from 198.18.0.107"; empty when they cannot be listed.
     */
    public static List<String> localAddresses(DhcpClient client, long pid) {
        try {
            return client.connectionsOf(pid).stream().map(TcpConnection::localAddress).filter(a -> !isLoopback(a))
                    .distinct().toList();
        } catch (LeaseException | RuntimeException e) {
            return List.of();
        }
    }

    private Optional<String> sshLocalAddress() {
        if (sshConnection == null || sshConnection.isBlank()) {
            return Optional.empty();
        }
        String[] f = sshConnection.trim().split("\\s+");
        if (f.length < 4 || isLoopback(f[2])) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(f[2]).getHostAddress()); // a literal: no name lookup
        } catch (UnknownHostException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** A numeric address on the loopback interface: no adapter carries a connection from it. */
    static boolean isLoopback(String address) {
        return address.startsWith("127.") || address.equals("::1") || address.equals("0:0:0:0:0:0:0:1");
    }

    private static String summary(List<String> evidence) {
        return evidence.size() <= 3 ? String.join(", ", evidence)
                : String.join(", ", evidence.subList(0, 3)) + " and " + (evidence.size() - 3) + " more";
    }
}
