package io.jenkins.plugins.dhcplease.engine;

import io.jenkins.plugins.dhcplease.model.NetworkAdapter;
import java.util.List;

/**
 * What the caller knows of the connection this machine must keep (a Jenkins agent's channel). Only the caller knows
 * where the engine runs, so it supplies this: the agent job looks at the agent process's own connections, the CLI at
 * the route towards {@code --controller}, or at nothing.
 */
@FunctionalInterface
public interface AgentConnection {

    /** No connection to protect: the CLI run by hand without {@code --controller}. */
    AgentConnection NONE = inventory -> ConnectionFacts.none();

    ConnectionFacts find(List<NetworkAdapter> inventory);
}
