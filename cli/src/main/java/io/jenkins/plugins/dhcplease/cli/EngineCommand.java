package io.jenkins.plugins.dhcplease.cli;

import io.jenkins.plugins.dhcplease.agent.AgentConnectionProbe;
import io.jenkins.plugins.dhcplease.agent.ControllerRoute;
import io.jenkins.plugins.dhcplease.engine.AgentConnection;
import io.jenkins.plugins.dhcplease.engine.LeaseEngine;
import io.jenkins.plugins.dhcplease.model.LeaseException;
import io.jenkins.plugins.dhcplease.verify.NetworkChecks;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** What every subcommand has: the machine's engine, --controller, --json, and how an error is printed. */
abstract class EngineCommand implements Callable<Integer> {
    @ParentCommand
    DhcpLeaseCli cli;
    @Spec
    CommandSpec spec;
    @Mixin
    ControllerOption controller;
    @Option(names = "--json", description = "Print JSON: the report (the pipeline steps' return value), or the error.")
    boolean json;

    /** The engine; with --controller it protects the adapter the route towards the controller leaves from. */
    LeaseEngine engine() throws LeaseException {
        AgentConnection connection = controller.host() == null ? AgentConnection.NONE
                : new ControllerRoute(AgentConnectionProbe.ROUTING_TABLE, controller.host(), controller.port());
        return new LeaseEngine(cli.backend.create(), connection, new NetworkChecks());
    }

    int fail(LeaseException e) {
        if (json) {
            spec.commandLine().getOut().println(Json.write(Json.error(e)));
            spec.commandLine().getOut().flush();
        }
        spec.commandLine().getErr().println("dhcp-lease: " + e.getMessage());
        spec.commandLine().getErr().flush();
        return ExitCodes.of(e);
    }
}
