package io.jenkins.plugins.dhcplease.cli;

import static io.jenkins.plugins.dhcplease.engine.FakeDhcpClient.dhcp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.dhcplease.engine.FakeDhcpClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** renew --expect / --verify: the checks in the line and the JSON, the exit codes, refusals that change nothing. */
class RenewChecksCliTest {

    private final FakeDhcpClient os = new FakeDhcpClient().with(dhcp("Ethernet", 4, "00-15-5D-00-00-04", "10.0.0.5"));
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return DhcpLeaseCli.run(() -> os, new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void passingChecksAreInTheJsonWithTheirResultAndTime() throws Exception {
        // dns:localhost resolves from the hosts file: no traffic leaves the machine
        assertEquals(0, run("renew", "--adapter", "Ethernet", "--expect", "10.0.0.0/24", "--verify", "dns:localhost", "--json"));
        JsonNode checks = new ObjectMapper().readTree(out.toString()).get("outcomes").get(0).get("checks");
        assertEquals(2, checks.size(), out.toString());
        assertEquals("expect 10.0.0.0/24", checks.get(0).get("check").asText());
        assertEquals("passed", checks.get(0).get("result").asText());
        assertEquals("dns:localhost", checks.get(1).get("check").asText());
        assertEquals("passed", checks.get(1).get("result").asText());
        assertTrue(checks.get(1).get("millis").isNumber());
        assertTrue(err.toString().contains("Ethernet (index 4): check dns:localhost passed ("), err.toString());
    }

    @Test
    void theLineShowsTheChecks() {
        assertEquals(0, run("renew", "--adapter", "Ethernet", "--expect", "10.0.0.5"));
        assertTrue(out.toString().trim().endsWith("; checks: expect 10.0.0.5 passed (0 ms)"), out.toString());
    }

    @Test
    void verifyIsRepeatableAndCommaSeparated() throws Exception {
        assertEquals(0, run("renew", "--adapter", "Ethernet", "--verify", "dns:localhost,dns:LOCALHOST",
                "--verify", "dns:localhost", "--json"));
        assertEquals(3, new ObjectMapper().readTree(out.toString()).get("outcomes").get(0).get("checks").size());
    }

    @Test
    void anAddressOutsideTheExpectedNetworkFailsAndKeepsTheLease() {
        assertEquals(ExitCodes.FAILED, run("renew", "--adapter", "Ethernet", "--expect", "10.20.0.0/24"));
        assertTrue(out.toString().contains("failed: got 10.0.0.5 from 10.0.0.1, expected 10.20.0.0/24; the lease was"
                + " left as it is"), out.toString());
        assertEquals("10.0.0.5", os.get("Ethernet").primaryAddress());
    }

    @Test
    void badValuesAreBadInputAndChangeNothing() {
        assertEquals(ExitCodes.BAD_INPUT, run("renew", "--adapter", "Ethernet", "--expect", "10.20.0.0/33"));
        assertTrue(err.toString().contains("dhcp-lease: expect: '10.20.0.0/33' has the prefix length '33'"), err.toString());
        assertEquals(ExitCodes.BAD_INPUT, run("renew", "--adapter", "Ethernet", "--verify", "gateway,tcp:10.0.0.1"));
        assertTrue(err.toString().contains("dhcp-lease: verify: 'tcp:10.0.0.1' needs a host and a port"), err.toString());
        assertEquals(ExitCodes.BAD_INPUT, run("renew", "--adapter", "Ethernet", "--verify", "gateway", "--no-wait"));
        assertEquals(ExitCodes.BAD_INPUT, run("release", "--adapter", "Ethernet", "--expect", "10.0.0.0/24"),
                "release has no --expect");
        assertEquals(0, os.renews.get() + os.releases.get());
    }
}
