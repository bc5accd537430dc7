package io.jenkins.plugins.dhcplease.cli;

import picocli.CommandLine;

final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = DhcpLeaseCli.class.getPackage().getImplementationVersion();
        return new String[] {"dhcp-lease " + (v == null ? "(development build)" : v)};
    }
}
