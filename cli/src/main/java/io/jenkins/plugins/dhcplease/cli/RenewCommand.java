package io.jenkins.plugins.dhcplease.cli;

import io.jenkins.plugins.dhcplease.model.LeaseAction;
import io.jenkins.plugins.dhcplease.model.LeaseRequest;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "renew", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Renews the DHCP lease of one adapter (or of every match with --all).")
final class RenewCommand extends LeaseCommand {
    @Option(names = "--release-first", description = "Release, then renew, as one operation: any DHCP server may answer.")
    boolean releaseFirst;
    @Option(names = "--expect", paramLabel = "ADDRESS|CIDR", description = "The renewed address must be this address"
            + " or fall in this network (10.20.0.15, 10.20.0.0/24); otherwise the renew fails and the lease is left as it is.")
    String expect;
    @Option(names = "--verify", paramLabel = "CHECK", split = ",", description = "Once the address is there, check the"
            + " network from it, within the same --timeout: gateway (the default gateway answers on TCP port 53; gateway:PORT),"
            + " tcp:HOST:PORT (a TCP connect from the renewed address), dns:NAME (the name resolves). Repeatable or"
            + " comma-separated; a failed check fails the renew.")
    List<String> verify = new ArrayList<>();

    @Override
    LeaseAction action() {
        return releaseFirst ? LeaseAction.RELEASE_THEN_RENEW : LeaseAction.RENEW;
    }

    @Override
    LeaseRequest.Builder refine(LeaseRequest.Builder b) {
        return b.expect(expect).verify(verify);
    }
}
