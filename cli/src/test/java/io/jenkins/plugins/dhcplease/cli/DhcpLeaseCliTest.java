package io.jenkins.plugins.dhcplease.cli;

import static io.jenkins.plugins.dhcplease.engine.FakeDhcpClient.dhcp;
import static io.jenkins.plugins.dhcplease.engine.FakeDhcpClient.fixed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.dhcplease.engine.FakeDhcpClient;
import io.jenkins.plugins.dhcplease.model.LeaseException;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class DhcpLeaseCliTest {

    private final FakeDhcpClient os = new FakeDhcpClient()
            .with(dhcp("Ethernet", 4, "00-15-5D-00-00-04", "10.0.0.5"))
            .with(fixed("Ethernet 2", 7, "00-15-5D-00-00-07", "192.168.9.9"));
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return DhcpLeaseCli.run(() -> os, new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void adaptersPrintsATable() {
        assertEquals(0, run("adapters"));
        String[] lines = out.toString().split("\n");
        assertTrue(lines[0].startsWith("NAME") && lines[0].contains("DHCP SERVER"), out.toString());
        assertTrue(lines[1].matches("Ethernet\\s+4\\s+00-15-5D-00-00-04\\s+up\\s+yes \\(fake\\)\\s+10\\.0\\.0\\.5/24 dhcp\\s+10\\.0\\.0\\.1\\s+.*"), lines[1]);
        assertTrue(lines[2].matches("Ethernet 2\\s+7\\s+00-15-5D-00-00-07\\s+up\\s+no\\s+192\\.168\\.9\\.9/24 static\\s+-\\s+-"), lines[2]);
    }

    @Test
    void adaptersJsonIsParseable() throws Exception {
        assertEquals(0, run("adapters", "--json"));
        JsonNode n = new ObjectMapper().readTree(out.toString());
        assertEquals(2, n.size());
        assertEquals("dhcp", n.get(0).get("addresses").get(0).get("origin").asText());
        assertFalse(n.get(1).get("dhcpEnabled").asBoolean());
    }

    @Test
    void renewReleaseFirstPrintsOneLinePerAdapterAndProgressOnStderr() {
        assertEquals(0, run("renew", "--adapter", "Ethernet", "--release-first"));
        assertTrue(out.toString().startsWith("Ethernet (index 4): renewed 10.0.0.5 → 10.0.0.50 from 10.0.0.1, lease until "), out.toString());
        assertTrue(err.toString().contains("releasing 10.0.0.5"), err.toString());
        assertEquals(1, os.releases.get());
    }

    @Test
    void releaseJsonIsTheStepsReturnValue() throws Exception {
        assertEquals(0, run("release", "-a", "mac:00:15:5d:00:00:04", "--json"));
        JsonNode n = new ObjectMapper().readTree(out.toString());
        assertEquals("released", n.get("outcomes").get(0).get("status").asText());
        assertEquals("10.0.0.5", n.get("outcomes").get(0).get("addressBefore").asText());
        assertTrue(n.get("ok").asBoolean());
    }

    @Test
    void exitCodesTellTheCasesApart() {
        assertEquals(ExitCodes.BAD_INPUT, run("renew", "--adapter", "index:x"));
        assertTrue(err.toString().contains("index:12"), "the syntax is shown: " + err);
        assertEquals(ExitCodes.BAD_INPUT, run("renew", "--adapter", "Ethernet*"), "ambiguous");
        assertEquals(ExitCodes.BAD_INPUT, run("renew", "--adapter", "Ethernet", "--timeout", "soon"));
        assertEquals(ExitCodes.BAD_INPUT, run("renew", "--frobnicate"));
        assertEquals(ExitCodes.NO_MATCH, run("renew", "--adapter", "Token Ring"));
        assertEquals(ExitCodes.FAILED, run("renew", "--adapter", "Ethernet 2"), "every selected adapter skipped");
        assertEquals(0, os.renews.get(), "nothing was called so far");
        os.failCode = 1231;
        assertEquals(ExitCodes.FAILED, run("renew", "--adapter", "Ethernet"));
        os.failCode = 0;
        os.blockMillis = 3_000;
        assertEquals(ExitCodes.TIMED_OUT, run("renew", "--adapter", "Ethernet", "--timeout", "200ms"));
    }

    @Test
    void aControllerWithABadPortIsBadInputAndChangesNothing() {
        assertEquals(ExitCodes.BAD_INPUT, run("release", "--adapter", "Ethernet", "--controller", "jenkins.example:agent"));
        assertTrue(err.toString().contains("has no valid port"), err.toString());
        assertEquals(0, os.releases.get());
        assertEquals(new ControllerOption.Endpoint("jenkins.example", 50000),
                new ControllerOption.Parser().convert("jenkins.example:50000"));
        assertEquals(new ControllerOption.Endpoint("fd00::1", 0), new ControllerOption.Parser().convert("fd00::1"));
    }

    @Test
    void noWaitSaysTheOutcomeIsUnconfirmedInTheCliOwnTerms() {
        assertEquals(0, run("renew", "--adapter", "Ethernet", "--no-wait"));
        assertTrue(out.toString().contains("(not confirmed: waiting for the effect was turned off"), out.toString());
        assertTrue(out.toString().contains("--no-wait"), out.toString());
    }

    @Test
    void unsupportedBackendHasItsOwnCode() {
        int code = DhcpLeaseCli.run(() -> {
            throw new LeaseException(LeaseException.Kind.UNSUPPORTED, "not here");
        }, new PrintWriter(out, true), new PrintWriter(err, true), "adapters");
        assertEquals(ExitCodes.UNSUPPORTED, code);
        assertTrue(err.toString().contains("dhcp-lease: not here"));
    }

    @Test
    void dryRunChangesNothing() {
        assertEquals(0, run("release", "--all", "--dry-run"));
        assertTrue(out.toString().contains("dry run: would release 10.0.0.5"), out.toString());
        assertEquals(0, os.releases.get());
    }

    @Test
    void helpListsTheExitCodes() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString().contains("6   refused"), out.toString());
    }

    @Test
    void theTableAndTheJsonUseOneWordForAStaticAddress() throws Exception {
        assertEquals(0, run("adapters"));
        assertTrue(out.toString().contains("192.168.9.9/24 static"), out.toString());
        out.getBuffer().setLength(0);
        assertEquals(0, run("adapters", "--json"));
        JsonNode n = new ObjectMapper().readTree(out.toString());
        assertEquals("static", n.get(1).get("addresses").get(0).get("origin").asText());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"adapters,-h", "adapters,--help", "release,-h", "release,--help",
            "renew,-h", "renew,--help"})
    void everySubcommandPrintsItsOwnUsage(String command, String option) {
        assertEquals(0, run(command, option), err.toString());
        assertTrue(out.toString().startsWith("Usage: dhcp-lease " + command), out.toString());
        assertTrue(out.toString().contains("--json"), out.toString());
        assertTrue(out.toString().contains("-h, --help"), out.toString());
        assertEquals("", err.toString());
        assertEquals(0, os.releases.get() + os.renews.get());
    }

    @Test
    void theUsageOfRenewShowsItsOwnOptions() {
        assertEquals(0, run("renew", "--help"));
        assertTrue(out.toString().contains("--release-first"), out.toString());
        assertFalse(out.toString().contains("--allow-agent-disconnect  Release"), out.toString());
        out.getBuffer().setLength(0);
        assertEquals(0, run("help", "release"));
        assertTrue(out.toString().contains("--allow-agent-disconnect"), out.toString());
    }

    @Test
    void aSelectorOfManyStarsAnswersAtOnce() {
        long start = System.nanoTime();
        assertEquals(ExitCodes.NO_MATCH, run("release", "--adapter", "*".repeat(200) + "Q", "--timeout", "5s"));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 1_000, "took " + millis + " ms");
        assertTrue(err.toString().contains("No adapter matches"), err.toString());
        assertEquals(0, os.releases.get());
    }

    @Test
    void aHugeSelectorIsRefusedWithTheLimitAndNoStackTrace() {
        assertEquals(ExitCodes.BAD_INPUT, run("release", "--adapter", "*".repeat(10_000)));
        assertTrue(err.toString().startsWith("dhcp-lease: The adapter selector '"), err.toString());
        assertTrue(err.toString().contains("is 10000 characters long; a selector has at most 300"), err.toString());
        assertFalse(err.toString().contains("Exception") || err.toString().contains("\tat "), err.toString());
        assertEquals(1, err.toString().split("\n").length, err.toString());
        assertEquals(0, os.releases.get());
    }

    @Test
    void theAdviceSpeaksTheCommandLine() {
        assertEquals(ExitCodes.BAD_INPUT, run("renew", "--adapter", "Ethernet*"));
        assertTrue(err.toString().contains("ask for every match (--all)"), err.toString());
        assertFalse(err.toString().contains("allAdapters"), err.toString());
        assertEquals(ExitCodes.BAD_INPUT, run("release"));
        assertTrue(err.toString().contains("explicitly (--all)"), err.toString());
        assertFalse(err.toString().contains("allAdapters"), err.toString());
    }

    @Test
    void whatTheDocsSayOfAllAndOfTheServerIsWhatHappens() throws Exception {
        assertEquals(0, run("release", "--all", "--json"));
        JsonNode outcomes = new ObjectMapper().readTree(out.toString()).get("outcomes");
        assertEquals(1, outcomes.size(), "the static adapter is left out, not skipped: " + outcomes);
        assertEquals("Ethernet", outcomes.get(0).get("adapter").asText());
        assertEquals("10.0.0.1", outcomes.get(0).get("dhcpServer").asText(), "after a release: the server released to");
        assertTrue(outcomes.get(0).get("addressAfter").isNull(), outcomes.toString());
    }
}
