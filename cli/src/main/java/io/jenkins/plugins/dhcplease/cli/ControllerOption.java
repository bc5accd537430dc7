package io.jenkins.plugins.dhcplease.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --controller HOST[:PORT]}: the adapter that reaches it is marked, and a plain release of it refused. */
final class ControllerOption {
    @Option(names = "--controller", paramLabel = "HOST[:PORT]", converter = ControllerOption.Parser.class,
            description = "The Jenkins controller (or any host this machine must stay connected to). The adapter that"
                    + " reaches it is marked, and a plain release of it is refused unless --allow-agent-disconnect.")
    Endpoint controller;

    /** A host and an optional port (0: none given). */
    record Endpoint(String host, int port) {
    }

    String host() {
        return controller == null ? null : controller.host();
    }

    int port() {
        return controller == null ? 0 : controller.port();
    }

    /** HOST, HOST:PORT, or a bare IPv6 address (more than one colon: no port). */
    static final class Parser implements CommandLine.ITypeConverter<Endpoint> {
        @Override
        public Endpoint convert(String value) {
            String s = value.trim();
            int colon = s.lastIndexOf(':');
            if (s.isEmpty() || colon == 0) {
                throw new CommandLine.TypeConversionException("'" + value + "' names no host: write HOST or HOST:PORT,"
                        + " e.g. jenkins.example.com:50000");
            }
            if (colon < 0 || s.indexOf(':') != colon) {
                return new Endpoint(s, 0);
            }
            String port = s.substring(colon + 1);
            if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                throw new CommandLine.TypeConversionException("'" + value + "' has no valid port after the ':' (a"
                        + " number from 1 to 65535): write HOST or HOST:PORT, e.g. jenkins.example.com:50000");
            }
            return new Endpoint(s.substring(0, colon), Integer.parseInt(port));
        }
    }
}
