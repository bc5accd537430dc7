package io.jenkins.plugins.dhcplease.windows;

import io.jenkins.plugins.dhcplease.engine.DhcpClient;
import io.jenkins.plugins.dhcplease.engine.LeaseException;

/** PLACEHOLDER: the IP Helper backend (owned by the Windows binding work). */
public final class WindowsDhcpClient {
    private WindowsDhcpClient() {
    }

    public static DhcpClient create() throws LeaseException {
        throw new LeaseException(LeaseException.Kind.UNSUPPORTED, "the Windows backend is not built yet");
    }
}
