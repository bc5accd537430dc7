package io.jenkins.plugins.dhcplease.linux.client;

import io.jenkins.plugins.dhcplease.linux.LinuxHost;
import io.jenkins.plugins.dhcplease.linux.detect.ClientKind;

/** The driver for each kind of client. */
public final class ClientDrivers {
    private ClientDrivers() {
    }

    public static ClientDriver forKind(ClientKind kind, LinuxHost host) {
        return switch (kind) {
            case DHCLIENT -> new DhclientDriver(host);
            case DHCPCD -> new DhcpcdDriver(host);
            case UDHCPC -> new UdhcpcDriver(host);
            case SYSTEMD_NETWORKD -> new NetworkdDriver(host);
            case NETWORK_MANAGER -> new NetworkManagerDriver(host);
        };
    }
}
