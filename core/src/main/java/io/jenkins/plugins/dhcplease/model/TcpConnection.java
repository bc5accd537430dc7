package io.jenkins.plugins.dhcplease.model;

/**
 * One established TCP connection of a process, as the OS lists it (Linux {@code /proc/PID/net/tcp{,6}},
 * Windows {@code GetExtendedTcpTable}). Addresses are numeric, IPv4 dotted or IPv6 as {@code InetAddress} prints it.
 */
public record TcpConnection(String localAddress, int localPort, String remoteAddress, int remotePort) {

    @Override
    public String toString() {
        return localAddress + ":" + localPort + " → " + remoteAddress + ":" + remotePort;
    }
}
