package io.jenkins.plugins.dhcplease.agent;

import io.jenkins.plugins.dhcplease.engine.DhcpClient;
import io.jenkins.plugins.dhcplease.model.LeaseException;
import io.jenkins.plugins.dhcplease.model.NetworkAdapter;
import io.jenkins.plugins.dhcplease.select.AdapterSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The agent's adapters as plain maps, the fields of {@code dhcp-lease adapters --json}, with the adapter that carries
 * the agent's own connection marked (found as a release would find it). Read-only: nothing is changed.
 */
public final class AgentInventory {

    /**
     * @param all     every adapter of the machine, in OS order
     * @param matched the maps of those the selector matched (every adapter without a selector)
     */
    public record Listing(List<NetworkAdapter> all, List<Map<String, Object>> matched) {
    }

    private AgentInventory() {
    }

    /**
     * @param selector       core's selector syntax, null for every adapter; a malformed one is refused
     * @param agentPid       the process whose connections are the agent's
     * @param controllerHost how the agent reaches the controller (the fallback when its connections tell nothing)
     */
    public static Listing onThisAgent(String selector, long agentPid, String controllerHost, int controllerPort)
            throws LeaseException {
        AdapterSelector filter = selector == null || selector.isBlank() ? null : AdapterSelector.parse(selector);
        DhcpClient client = DhcpClients.forThisMachine();
        List<NetworkAdapter> adapters = client.adapters();
        Set<String> carrying = new OwnConnections(client, agentPid, System.getenv("SSH_CONNECTION"),
                new ControllerRoute(AgentConnectionProbe.ROUTING_TABLE, controllerHost, controllerPort))
                .find(adapters).adapterIds();
        List<Map<String, Object>> matched = new ArrayList<>();
        for (NetworkAdapter a : adapters) {
            if (filter == null || filter.matches(a)) {
                matched.add(a.toPlain(carrying.contains(a.id())));
            }
        }
        return new Listing(adapters, matched);
    }
}
