package io.jenkins.plugins.dhcplease.select;

import io.jenkins.plugins.dhcplease.model.AdapterTable;
import io.jenkins.plugins.dhcplease.model.LeaseException;
import io.jenkins.plugins.dhcplease.model.NetworkAdapter;
import io.jenkins.plugins.dhcplease.model.Terms;
import java.util.List;
import java.util.Set;

/** Turns a selector into the adapters to act on, or an error that shows what exists. Never every adapter by default. */
public final class AdapterSelection {
    private AdapterSelection() {
    }

    /**
     * @param selector null only with {@code all}: then every DHCP-enabled adapter
     * @param all      act on every match instead of requiring exactly one
     * @param terms    how the advice names options: the caller's front end's words
     */
    public static List<NetworkAdapter> choose(List<NetworkAdapter> inventory, AdapterSelector selector, boolean all,
                                              Set<String> agentConnectionIds, Terms terms) throws LeaseException {
        if (selector == null) {
            if (!all) {
                throw new LeaseException(LeaseException.Kind.BAD_INPUT, "No adapter was named. Name one with "
                        + AdapterSelector.SYNTAX + "; or ask for every DHCP adapter explicitly (" + terms.all() + ")."
                        + " The adapters on this machine:\n" + AdapterTable.render(inventory, agentConnectionIds, "  "));
            }
            List<NetworkAdapter> dhcp = inventory.stream().filter(NetworkAdapter::dhcpEnabled).toList();
            if (dhcp.isEmpty()) {
                throw new LeaseException(LeaseException.Kind.NO_MATCH, "Every DHCP adapter was asked for, but no adapter"
                        + " on this machine has DHCP enabled. The adapters on this machine:\n"
                        + AdapterTable.render(inventory, agentConnectionIds, "  "));
            }
            return dhcp;
        }
        List<NetworkAdapter> matches = inventory.stream().filter(selector::matches).toList();
        if (matches.isEmpty()) {
            throw new LeaseException(LeaseException.Kind.NO_MATCH, "No adapter matches '" + selector.text() + "'."
                    + " The adapters on this machine:\n" + AdapterTable.render(inventory, agentConnectionIds, "  ")
                    + "Name one of them by name, index:N or mac:...");
        }
        if (matches.size() > 1 && !all) {
            throw new LeaseException(LeaseException.Kind.AMBIGUOUS, "'" + selector.text() + "' matches "
                    + matches.size() + " adapters, and one was expected:\n" + AdapterTable.render(matches, agentConnectionIds, "  ")
                    + "Name exactly one (index:N or mac:... are unique), or ask for every match (" + terms.all()
                    + "). Nothing was changed.");
        }
        return matches;
    }
}
