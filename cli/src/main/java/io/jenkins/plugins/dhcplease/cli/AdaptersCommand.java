package io.jenkins.plugins.dhcplease.cli;

import io.jenkins.plugins.dhcplease.agent.AgentConnectionProbe;
import io.jenkins.plugins.dhcplease.engine.LeaseEngine;
import io.jenkins.plugins.dhcplease.engine.LeaseException;
import io.jenkins.plugins.dhcplease.model.AdapterTable;
import io.jenkins.plugins.dhcplease.model.NetworkAdapter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "adapters", description = "Lists the network adapters with their DHCP state, addresses and leases.")
final class AdaptersCommand implements Callable<Integer> {
    @ParentCommand
    DhcpLeaseCli cli;
    @Spec
    CommandSpec spec;
    @Mixin
    ControllerOption controller;
    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() {
        try {
            LeaseEngine engine = new LeaseEngine(cli.backend.create(), AgentConnectionProbe.ROUTING_TABLE, LeaseEngine.DEFAULT_POLL);
            List<NetworkAdapter> adapters = engine.inventory();
            Set<String> carrying = engine.agentConnectionAdapters(adapters, controller.host(), controller.port());
            spec.commandLine().getOut().print(json ? Json.write(Json.adapters(adapters, carrying)) + "\n"
                    : AdapterTable.render(adapters, carrying, ""));
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        } catch (LeaseException e) {
            return LeaseCommand.report(spec, json, e);
        }
    }
}
