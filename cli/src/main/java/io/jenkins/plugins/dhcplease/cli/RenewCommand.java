package io.jenkins.plugins.dhcplease.cli;

import io.jenkins.plugins.dhcplease.model.LeaseAction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "renew", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Renews the DHCP lease of one adapter (or of every match with --all).")
final class RenewCommand extends LeaseCommand {
    @Option(names = "--release-first", description = "Release, then renew, as one operation: any DHCP server may answer.")
    boolean releaseFirst;

    @Override
    LeaseAction action() {
        return releaseFirst ? LeaseAction.RELEASE_THEN_RENEW : LeaseAction.RENEW;
    }
}
