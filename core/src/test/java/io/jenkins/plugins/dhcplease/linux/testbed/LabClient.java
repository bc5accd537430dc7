package io.jenkins.plugins.dhcplease.linux.testbed;

/** The DHCP client a test runs in the lab namespace. */
public enum LabClient {
    DHCLIENT("dhclient"),
    DHCPCD("dhcpcd"),
    UDHCPC("udhcpc");

    private final String program;

    LabClient(String program) {
        this.program = program;
    }

    public String program() {
        return program;
    }
}
