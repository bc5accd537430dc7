package io.jenkins.plugins.dhcplease.cli;

import io.jenkins.plugins.dhcplease.engine.LeaseEngine;
import io.jenkins.plugins.dhcplease.model.AdapterTable;
import io.jenkins.plugins.dhcplease.model.LeaseException;
import io.jenkins.plugins.dhcplease.model.NetworkAdapter;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;

@Command(name = "adapters", mixinStandardHelpOptions = true, versionProvider = Version.class, description = "Lists the network adapters with their DHCP state, addresses and leases.")
final class AdaptersCommand extends EngineCommand {

    @Override
    public Integer call() {
        try {
            LeaseEngine engine = engine();
            List<NetworkAdapter> adapters = engine.inventory();
            Set<String> carrying = engine.connection(adapters).adapterIds();
            spec.commandLine().getOut().print(json ? Json.write(Json.adapters(adapters, carrying)) + "\n"
                    : AdapterTable.render(adapters, carrying, ""));
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        } catch (LeaseException e) {
            return fail(e);
        }
    }
}
