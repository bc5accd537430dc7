package io.jenkins.plugins.dhcplease.cli;

import picocli.CommandLine.Option;

/** {@code --controller HOST[:PORT]}: the adapter that reaches it is marked, and a plain release of it refused. */
final class ControllerOption {
    @Option(names = "--controller", paramLabel = "HOST[:PORT]",
            description = "The Jenkins controller (or any host this machine must stay connected to). The adapter that"
                    + " reaches it is marked, and a plain release of it is refused unless --allow-agent-disconnect.")
    String controller;

    String host() {
        if (controller == null) {
            return null;
        }
        int colon = controller.lastIndexOf(':');
        return colon > 0 && controller.indexOf(':') == colon ? controller.substring(0, colon) : controller;
    }

    int port() {
        if (controller == null) {
            return 0;
        }
        int colon = controller.lastIndexOf(':');
        if (colon > 0 && controller.indexOf(':') == colon) {
            try {
                return Integer.parseInt(controller.substring(colon + 1));
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }
}
