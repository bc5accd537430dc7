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

    @Test
    void manyStarsAndANameThatDoesNotMatchAnswerAtOnce() throws Exception {
        // 200 stars then 'Q': a regular expression with one .* per star backtracks for ever on a 40-character name
        AdapterSelector s = AdapterSelector.parse("*".repeat(200) + "Q");
        NetworkAdapter longName = adapter("x", 1, "A".repeat(256), "B".repeat(256), "");
        long start = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            assertFalse(s.matches(eth2));
            assertFalse(s.matches(longName));
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 500, "100 rounds took " + millis + " ms");
        assertTrue(AdapterSelector.parse("*".repeat(200) + "2").matches(eth2));
        assertTrue(AdapterSelector.parse("?*a?*").matches(adapter("x", 1, "abac", "", "")));
        assertFalse(AdapterSelector.parse("?*a?*?*").matches(adapter("x", 1, "abac", "", "")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Ethernet*", "*2", "E*t*2", "*ther*", "Ethernet ?", "?thernet 2", "*", "E*2*", "*(7)*",
            "Ethernet", "ETHERNET 2", "Eth*3", "?", "Ethernet ??", "**Ethernet**2**", "*I219-?", "Intel* (?) *"})
    void theGlobAgreesWithTheRegularExpressionItReplaces(String glob) throws Exception {
        StringBuilder re = new StringBuilder();
        for (char c : glob.toCharArray()) {
            re.append(c == '*' ? ".*" : c == '?' ? "." : java.util.regex.Pattern.quote(String.valueOf(c)));
        }
        java.util.regex.Pattern p = java.util.regex.Pattern.compile(re.toString(),
                java.util.regex.Pattern.CASE_INSENSITIVE | java.util.regex.Pattern.UNICODE_CASE | java.util.regex.Pattern.DOTALL);
        for (NetworkAdapter a : List.of(eth2, hyperv)) {
            boolean expected = p.matcher(a.name()).matches() || p.matcher(a.description()).matches();
            assertEquals(expected, AdapterSelector.parse(glob).matches(a), glob + " against " + a.name());
        }
    }

    @Test
    void aSelectorLongerThanAnyAdapterNameIsRefusedWithTheLimit() throws Exception {
        String huge = "*".repeat(10_000);
        LeaseException e = assertThrows(LeaseException.class, () -> AdapterSelector.parse(huge));
        assertEquals(LeaseException.Kind.BAD_INPUT, e.kind());
        assertTrue(e.getMessage().contains("is 10000 characters long; a selector has at most 300"), e.getMessage());
        assertTrue(e.getMessage().length() < 400, "the message does not repeat the selector: " + e.getMessage());
        assertTrue(e.getMessage().contains("index:N"), e.getMessage());
        AdapterSelector.parse("x".repeat(AdapterSelector.MAX_LENGTH));
        assertThrows(LeaseException.class, () -> AdapterSelector.parse("x".repeat(AdapterSelector.MAX_LENGTH + 1)));
    }
}
