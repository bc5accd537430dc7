package io.jenkins.plugins.dhcplease.agent;

import io.jenkins.plugins.dhcplease.engine.DhcpClient;
import io.jenkins.plugins.dhcplease.linux.LinuxDhcpClient;
import io.jenkins.plugins.dhcplease.model.LeaseException;
import io.jenkins.plugins.dhcplease.windows.WindowsDhcpClient;
import java.util.Locale;

/**
 * Picks the backend for the machine this runs on.
 *
 * <p>{@value #PROPERTY} (system property) or {@value #ENV} (environment) forces one: {@code windows} runs the IP
 * Helper binding even off Windows (against the test shim named by {@code DHCP_LEASE_IPHLPAPI}), {@code linux} the
 * Linux backend; {@code auto} or unset follows the OS. Diagnostics and tests use it; users never need it.
 */
public final class DhcpClients {

    public static final String PROPERTY = "dhcplease.backend";
    public static final String ENV = "DHCP_LEASE_BACKEND";

    private DhcpClients() {
    }

    public static DhcpClient forThisMachine() throws LeaseException {
        String forced = System.getProperty(PROPERTY, System.getenv(ENV));
        String choice = forced == null || forced.isBlank() ? "auto" : forced.trim().toLowerCase(Locale.ROOT);
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        return switch (choice) {
            case "windows" -> WindowsDhcpClient.create();
            case "linux" -> LinuxDhcpClient.create();
            case "auto" -> {
                if (os.startsWith("windows")) {
                    yield WindowsDhcpClient.create();
                }
                if (os.startsWith("linux")) {
                    yield LinuxDhcpClient.create();
                }
                throw new LeaseException(LeaseException.Kind.UNSUPPORTED, "dhcp-lease supports Windows and Linux agents;"
                        + " this one runs " + System.getProperty("os.name") + ". Run the step on a Windows or Linux agent"
                        + " (for example inside node('windows') { ... }).");
            }
            default -> throw new LeaseException(LeaseException.Kind.BAD_INPUT, PROPERTY + "/" + ENV + " is '" + forced
                    + "'; it takes windows, linux or auto. Unset it to follow the OS.");
        };
    }
}
