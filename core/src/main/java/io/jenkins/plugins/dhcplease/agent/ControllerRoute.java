package io.jenkins.plugins.dhcplease.agent;

import io.jenkins.plugins.dhcplease.engine.AgentConnection;
import io.jenkins.plugins.dhcplease.engine.ConnectionFacts;
import io.jenkins.plugins.dhcplease.model.NetworkAdapter;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A guess from the routing table: the adapter holding the local address this machine would use towards the
 * controller. The CLI's {@code --controller} uses it; agents only when their own connections tell nothing.
 */
public final class ControllerRoute implements AgentConnection {

    private final AgentConnectionProbe probe;
    private final String host;
    private final int port;

    public ControllerRoute(AgentConnectionProbe probe, String host, int port) {
        this.probe = probe;
        this.host = host;
        this.port = port;
    }

    @Override
    public ConnectionFacts find(List<NetworkAdapter> inventory) {
        if (host == null || host.isBlank()) {
            return ConnectionFacts.unknown("no controller address to guess from");
        }
        Optional<String> local = probe.localAddressTowards(host, port);
        if (local.isEmpty()) {
            return ConnectionFacts.unknown("the route towards " + host + " tells nothing either (the name does not resolve"
                    + " here, or the route uses no listed adapter)");
        }
        if (OwnConnections.isLoopback(local.get())) {
            return new ConnectionFacts(Set.of(), true, "the controller " + host + " is reached over loopback");
        }
        ConnectionFacts f = ConnectionFacts.carriedBy(inventory, Set.of(local.get()), "guessed from the route towards "
                + host + ": " + local.get());
        return f.adapterIds().isEmpty() ? ConnectionFacts.unknown("the route towards " + host + " leaves from "
                + local.get() + ", which no listed adapter holds") : f;
    }
}
