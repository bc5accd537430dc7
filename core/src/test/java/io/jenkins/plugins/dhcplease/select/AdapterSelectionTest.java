package io.jenkins.plugins.dhcplease.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.dhcplease.model.AddressOrigin;
import io.jenkins.plugins.dhcplease.model.AddressState;
import io.jenkins.plugins.dhcplease.model.Ipv4Address;
import io.jenkins.plugins.dhcplease.model.LeaseException;
import io.jenkins.plugins.dhcplease.model.NetworkAdapter;
import io.jenkins.plugins.dhcplease.model.Terms;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AdapterSelectionTest {

    private static NetworkAdapter adapter(String name, int index, boolean dhcp, String address) {
        return new NetworkAdapter("{" + name + "}", index, name, "", "00-00-00-00-00-0" + index, "ethernet", true, dhcp,
                List.of(new Ipv4Address(address, 24, dhcp ? AddressOrigin.DHCP : AddressOrigin.MANUAL, AddressState.USABLE)),
                List.of(), null, null, null, null);
    }

    private final List<NetworkAdapter> inventory = List.of(
            adapter("Ethernet", 4, true, "10.0.0.5"),
            adapter("Ethernet 2", 7, false, "192.168.9.9"),
            adapter("Wi-Fi", 9, true, "10.1.0.5"));

    @Test
    void zeroMatchesListsEveryAdapter() {
        LeaseException e = assertThrows(LeaseException.class,
                () -> AdapterSelection.choose(inventory, AdapterSelector.parse("Token Ring*"), false, Set.of(), Terms.PIPELINE));
        assertEquals(LeaseException.Kind.NO_MATCH, e.kind());
        for (String expected : List.of("Ethernet 2", "Wi-Fi", "192.168.9.9/24 static", "00-00-00-00-00-09", "Token Ring*")) {
            assertTrue(e.getMessage().contains(expected), expected + " missing from: " + e.getMessage());
        }
    }

    @Test
    void severalMatchesWithoutAllListsTheMatchesOnly() {
        LeaseException e = assertThrows(LeaseException.class,
                () -> AdapterSelection.choose(inventory, AdapterSelector.parse("Ethernet*"), false, Set.of(), Terms.PIPELINE));
        assertEquals(LeaseException.Kind.AMBIGUOUS, e.kind());
        assertTrue(e.getMessage().contains("matches 2 adapters"), e.getMessage());
        assertTrue(e.getMessage().contains("Ethernet 2") && !e.getMessage().contains("Wi-Fi"), e.getMessage());
    }

    @Test
    void allTakesEveryMatchIncludingStaticOnes() throws Exception {
        List<NetworkAdapter> chosen = AdapterSelection.choose(inventory, AdapterSelector.parse("Ethernet*"), true, Set.of(), Terms.PIPELINE);
        assertEquals(List.of("Ethernet", "Ethernet 2"), chosen.stream().map(NetworkAdapter::name).toList());
    }

    @Test
    void allWithoutSelectorTakesDhcpAdaptersOnly() throws Exception {
        List<NetworkAdapter> chosen = AdapterSelection.choose(inventory, null, true, Set.of(), Terms.PIPELINE);
        assertEquals(List.of("Ethernet", "Wi-Fi"), chosen.stream().map(NetworkAdapter::name).toList());
    }

    @Test
    void neitherSelectorNorAllIsRefused() {
        LeaseException e = assertThrows(LeaseException.class, () -> AdapterSelection.choose(inventory, null, false, Set.of(), Terms.PIPELINE));
        assertEquals(LeaseException.Kind.BAD_INPUT, e.kind());
        assertTrue(e.getMessage().contains("allAdapters: true"), e.getMessage());
    }

    @Test
    void allWithNoDhcpAdapterIsNoMatch() {
        LeaseException e = assertThrows(LeaseException.class,
                () -> AdapterSelection.choose(List.of(adapter("Ethernet 2", 7, false, "192.168.9.9")), null, true, Set.of(), Terms.PIPELINE));
        assertEquals(LeaseException.Kind.NO_MATCH, e.kind());
    }
}
