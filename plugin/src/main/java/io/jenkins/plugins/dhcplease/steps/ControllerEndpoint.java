package io.jenkins.plugins.dhcplease.steps;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * How the agent reaches the controller, as far as the controller can tell: the host and port of the configured
 * Jenkins URL. The agent only needs the host (its route towards it names the adapter that carries the connection);
 * inbound TCP agents connect to another port of the same host, which takes the same route.
 *
 * @param host null when unknown
 * @param port 0 when unknown
 */
public record ControllerEndpoint(String host, int port) {

    public static final ControllerEndpoint UNKNOWN = new ControllerEndpoint(null, 0);

    public boolean known() {
        return host != null;
    }

    /** From {@code Jenkins.getRootUrl()}; {@link #UNKNOWN} when the URL is missing or unusable. */
    public static ControllerEndpoint fromRootUrl(String rootUrl) {
        if (rootUrl == null || rootUrl.isBlank()) {
            return UNKNOWN;
        }
        try {
            URI uri = new URI(rootUrl.trim());
            String host = uri.getHost();
            if (host == null || host.isEmpty()) {
                return UNKNOWN;
            }
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port = uri.getPort();
            if (port < 0) {
                port = "https".equals(uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT)) ? 443 : 80;
            }
            return new ControllerEndpoint(host, port);
        } catch (URISyntaxException e) {
            return UNKNOWN;
        }
    }
}
