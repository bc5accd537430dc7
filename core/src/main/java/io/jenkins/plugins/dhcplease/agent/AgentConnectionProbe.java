package io.jenkins.plugins.dhcplease.agent;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * Finds the local IPv4 address this machine uses to reach the controller: the adapter holding it carries the
 * agent's connection. Connecting a UDP socket only consults the routing table; no packet is sent.
 */
@FunctionalInterface
public interface AgentConnectionProbe {

    /** No controller known (the CLI without --controller): no adapter is marked. */
    AgentConnectionProbe NONE = (host, port) -> Optional.empty();

    AgentConnectionProbe ROUTING_TABLE = AgentConnectionProbe::viaRoutingTable;

    /** The local address the OS would use towards {@code host} (loopback included), or empty when it cannot tell. */
    Optional<String> localAddressTowards(String host, int port);

    private static Optional<String> viaRoutingTable(String host, int port) {
        if (host == null || host.isBlank()) {
            return Optional.empty();
        }
        try (DatagramSocket socket = new DatagramSocket()) {
            InetAddress target = InetAddress.getByName(host);
            socket.connect(new InetSocketAddress(target, port > 0 ? port : 9));
            InetAddress local = socket.getLocalAddress();
            if (local instanceof Inet4Address && !local.isAnyLocalAddress()) {
                return Optional.of(local.getHostAddress());
            }
            return Optional.empty();
        } catch (IOException | SecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
