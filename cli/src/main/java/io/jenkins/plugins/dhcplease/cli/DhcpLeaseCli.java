package io.jenkins.plugins.dhcplease.cli;

/** PLACEHOLDER: the CLI entry point. */
public final class DhcpLeaseCli {
    private DhcpLeaseCli() {
    }

    public static void main(String[] args) {
        System.exit(1);
    }
}
