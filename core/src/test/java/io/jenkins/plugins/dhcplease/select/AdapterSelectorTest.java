package io.jenkins.plugins.dhcplease.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.dhcplease.model.LeaseException;
import io.jenkins.plugins.dhcplease.model.NetworkAdapter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AdapterSelectorTest {

    private static NetworkAdapter adapter(String id, int index, String name, String description, String mac) {
        return new NetworkAdapter(id, index, name, description, mac, "ethernet", true, true, List.of(), List.of(), null,
                null, null, null);
    }

    private final NetworkAdapter eth2 = adapter("{4D36E972-E325-11CE-BFC1-08002BE10318}", 12, "Ethernet 2",
            "Intel(R) Ethernet Connection (7) I219-V", "00-15-5D-01-02-03");
    private final NetworkAdapter hyperv = adapter("{11111111-2222-3333-4444-555555555555}", 31, "vEthernet (WSL)",
            "Hyper-V Virtual Ethernet Adapter #2", "00-15-5D-AA-BB-CC");

    @Test
    void plainNameMatchesExactlyIgnoringCase() throws Exception {
        AdapterSelector s = AdapterSelector.parse("ethernet 2");
        assertTrue(s.matches(eth2));
        assertFalse(s.matches(hyperv));
        assertFalse(AdapterSelector.parse("Ethernet").matches(eth2), "no wildcard: no prefix match");
    }

    @Test
    void globMatchesNameOrDescription() throws Exception {
        assertTrue(AdapterSelector.parse("Ethernet*").matches(eth2));
        assertFalse(AdapterSelector.parse("Ethernet*").matches(hyperv));
        assertTrue(AdapterSelector.parse("*hyper-v*").matches(hyperv), "description, case-insensitive");
        assertTrue(AdapterSelector.parse("Ethernet ?").matches(eth2));
        assertTrue(AdapterSelector.parse("Intel(R) Ethernet Connection (7) I219-V").matches(eth2), "regex characters are literal");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mac:00-15-5D-01-02-03", "mac:00:15:5d:01:02:03", "MAC:00155D010203", "mac: 0015.5d01.0203"})
    void macInAnyFormMatches(String text) throws Exception {
        AdapterSelector s = AdapterSelector.parse(text);
        assertTrue(s.matches(eth2));
        assertFalse(s.matches(hyperv));
        assertEquals("mac:00-15-5D-01-02-03", s.text());
    }

    @Test
    void indexAndGuid() throws Exception {
        assertTrue(AdapterSelector.parse("index:12").matches(eth2));
        assertFalse(AdapterSelector.parse("index:13").matches(eth2));
        assertTrue(AdapterSelector.parse("guid:{4d36e972-e325-11ce-bfc1-08002be10318}").matches(eth2));
        assertTrue(AdapterSelector.parse("guid:4D36E972-E325-11CE-BFC1-08002BE10318").matches(eth2));
        assertFalse(AdapterSelector.parse("guid:{4D36E972-E325-11CE-BFC1-08002BE10319}").matches(eth2));
    }

    @Test
    void namePrefixEscapesReservedWords() throws Exception {
        NetworkAdapter odd = adapter("x", 1, "index:7", "", "");
        assertTrue(AdapterSelector.parse("name:index:7").matches(odd));
        assertFalse(AdapterSelector.parse("index:7").matches(odd));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "index:", "index:twelve", "index:-1", "mac:00-15-5D", "mac:zz-15-5D-01-02-03",
            "guid:{not-a-guid}", "name:"})
    void malformedSelectorsShowTheSyntax(String text) {
        LeaseException e = assertThrows(LeaseException.class, () -> AdapterSelector.parse(text));
        assertEquals(LeaseException.Kind.BAD_INPUT, e.kind());
        assertTrue(e.getMessage().contains("index:12") && e.getMessage().contains("mac:00-15-5D-01-02-03"), e.getMessage());
    }
}
