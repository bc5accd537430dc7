package io.jenkins.plugins.dhcplease.linux.detect;

/** The DHCP clients the Linux backend knows how to drive. */
public enum ClientKind {
    NETWORK_MANAGER("NetworkManager"),
    SYSTEMD_NETWORKD("systemd-networkd"),
    DHCLIENT("dhclient"),
    DHCPCD("dhcpcd"),
    UDHCPC("udhcpc");

    private final String toolName;

    ClientKind(String toolName) {
        this.toolName = toolName;
    }

    /** As {@code NetworkAdapter.manager()} and every message name it. */
    public String toolName() {
        return toolName;
    }

    public static ClientKind fromToolName(String name) {
        for (ClientKind k : values()) {
            if (k.toolName.equals(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown DHCP client '" + name + "'");
    }
}
