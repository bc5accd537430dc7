package io.jenkins.plugins.dhcplease.cli;

import io.jenkins.plugins.dhcplease.model.LeaseAction;
import io.jenkins.plugins.dhcplease.model.LeaseRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "release", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Releases the DHCP lease of one adapter (or of every match with --all).")
final class ReleaseCommand extends LeaseCommand {
    @Option(names = "--allow-agent-disconnect", description = "Release even the adapter that reaches --controller.")
    boolean allowAgentDisconnect;

    @Override
    LeaseAction action() {
        return LeaseAction.RELEASE;
    }

    @Override
    LeaseRequest.Builder refine(LeaseRequest.Builder b) {
        return b.allowAgentDisconnect(allowAgentDisconnect);
    }
}
