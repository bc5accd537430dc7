package io.jenkins.plugins.dhcplease.linux;

import io.jenkins.plugins.dhcplease.engine.DhcpClient;
import io.jenkins.plugins.dhcplease.engine.LeaseException;

/** PLACEHOLDER: the Linux backend (owned by the Linux work). */
public final class LinuxDhcpClient {
    private LinuxDhcpClient() {
    }

    public static DhcpClient create() throws LeaseException {
        throw new LeaseException(LeaseException.Kind.UNSUPPORTED, "the Linux backend is not built yet");
    }
}
