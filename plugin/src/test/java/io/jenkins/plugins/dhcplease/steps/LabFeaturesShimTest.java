package io.jenkins.plugins.dhcplease.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.Result;
import java.nio.file.Path;
import java.util.List;
import org.htmlunit.html.HtmlPage;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * expect, verify, dhcpAdapters and the build page on a real agent JVM running the Windows binding against the IP
 * Helper shim (lab.scenario: Ethernet 2 renews 10.0.0.5 → 10.0.0.7 from 10.0.0.1). The checks used send nothing:
 * dns:localhost resolves from the hosts file, and a TCP check from the shim's address (not on this machine) fails at
 * the bind, before any packet.
 */
@WithJenkins
@EnabledOnOs(OS.LINUX)
class LabFeaturesShimTest {

    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @TempDir
    Path tmp;

    private JenkinsRule r;

    @BeforeEach
    void agent(JenkinsRule r) throws Exception {
        this.r = r;
        ShimAgents.agent(r, "lab.scenario", tmp);
    }

    private WorkflowRun run(String script, Result expected) throws Exception {
        return ShimAgents.run(r, script, expected);
    }

    @Test
    void anExpectedAddressPassesAndItsChecksAreReturned() throws Exception {
        WorkflowRun b = run("""
                node('shim') {
                  def r = dhcpRenew adapter: 'Ethernet 2', expect: '10.0.0.0/24', verify: ['dns:localhost']
                  echo "status=${r[0].status} after=${r[0].addressAfter} n=${r[0].checks.size()}"
                  echo "first=${r[0].checks[0].check} ${r[0].checks[0].result} second=${r[0].checks[1].check} ${r[0].checks[1].result}"
                }""", Result.SUCCESS);
        r.assertLogContains("status=renewed after=10.0.0.7 n=2", b);
        r.assertLogContains("first=expect 10.0.0.0/24 passed second=dns:localhost passed", b);
        r.assertLogContains("dhcpRenew: Ethernet 2 (index 12): renewed 10.0.0.5 → 10.0.0.7 from 10.0.0.1", b);
        r.assertLogContains("; checks: expect 10.0.0.0/24 passed (0 ms), dns:localhost passed (", b);
    }

    @Test
    void anAddressOutsideTheExpectedNetworkFailsTheStepWithWhatItGot() throws Exception {
        WorkflowRun b = run("node('shim') { dhcpRenew adapter: 'Ethernet 2', expect: '10.20.0.0/24' }", Result.FAILURE);
        r.assertLogContains("failed: got 10.0.0.7 from 10.0.0.1, expected 10.20.0.0/24; the lease was left as it is.", b);
        r.assertLogContains("dhcpRenew failed on 1 adapter: Ethernet 2 (index 12) failed.", b);
    }

    @Test
    void aFailedCheckFailsTheStepWithWhatWasTried() throws Exception {
        WorkflowRun b = run("node('shim') { dhcpRenew adapter: 'Ethernet 2', verify: ['tcp:127.0.0.1:9'] }", Result.FAILURE);
        r.assertLogContains("renewed to 10.0.0.7, but check tcp:127.0.0.1:9 failed: 127.0.0.1:9 could not be reached from"
                + " 10.0.0.7", b);
        LeaseRunAction action = b.getAction(LeaseRunAction.class);
        assertNotNull(action);
        assertEquals("failed", action.getCalls().get(0).getRows().get(0).getStatus());
        assertTrue(action.getCalls().get(0).getRows().get(0).getChecks().startsWith("tcp:127.0.0.1:9 failed ("));
    }

    @Test
    void aBadExpectIsRefusedBeforeTheAgentIsAsked() throws Exception {
        WorkflowRun b = run("node('shim') { dhcpRenew adapter: 'Ethernet 2', expect: '10.20.0' }", Result.FAILURE);
        r.assertLogContains("dhcpRenew: expect: '10.20.0' is not an IPv4 address or network; write an address such as"
                + " 10.20.0.15 or a network such as 10.20.0.0/24. Nothing was changed.", b);
        r.assertLogNotContains("renewing", b);
        assertNull(b.getAction(LeaseRunAction.class), "nothing reached an agent, so nothing is recorded");
    }

    @Test
    void adaptersListsTheInventoryAsPlainMaps() throws Exception {
        WorkflowRun b = run("""
                node('shim') {
                  def all = dhcpAdapters()
                  def names = []
                  for (a in all) { names << a.name }
                  echo "names=${names}"
                  echo "keys=${all[0].keySet()}"
                  echo "eth2 dhcp=${all[0].dhcpEnabled} address=${all[0].addresses[0].address} server=${all[0].dhcpServer} conn=${all[0].agentConnection}"
                  def some = dhcpAdapters adapter: 'Ethernet*'
                  echo "filtered=${some.size()}"
                  def none = dhcpAdapters adapter: 'Token*'
                  echo "none=${none.size()}"
                }""", Result.SUCCESS);
        r.assertLogContains("names=[Ethernet 2, Ethernet 3, Fail 5", b);
        r.assertLogContains("keys=[id, index, name, description, mac, type, up, dhcpEnabled, addresses, gateways,"
                + " dhcpServer, leaseObtained, leaseExpires, manager, agentConnection]", b);
        r.assertLogContains("eth2 dhcp=true address=10.0.0.5 server=10.0.0.1 conn=false", b);
        r.assertLogContains("filtered=2", b);
        r.assertLogContains("none=0", b);
        r.assertLogContains("dhcpAdapters: no adapter matches 'Token*'; the agent has: Ethernet 2 (index 12), Ethernet 3"
                + " (index 13)", b);
        r.assertLogContains("dhcpAdapters: Ethernet 2 (index 12): DHCP, up, 10.0.0.5/24 dhcp, server 10.0.0.1", b);
    }

    @Test
    void adaptersRefusesTheBuiltInNode() throws Exception {
        WorkflowRun b = run("node('built-in') { dhcpAdapters() }", Result.FAILURE);
        r.assertLogContains("dhcpAdapters runs only on agents, not on the built-in node", b);
    }

    @Test
    void theBuildPageShowsEveryCallOfTheBuild() throws Exception {
        WorkflowRun b = run("""
                node('shim') {
                  dhcpRenew adapter: 'Ethernet 2', expect: '10.0.0.0/24'
                  dhcpRelease adapter: 'Ethernet 2'
                }""", Result.SUCCESS);
        LeaseRunAction action = b.getAction(LeaseRunAction.class);
        assertNotNull(action);
        assertEquals(List.of("dhcpRenew", "dhcpRelease"), action.getCalls().stream().map(LeaseRunAction.Call::getFunction).toList());
        assertEquals("2 calls: 1 renewed, 1 released", action.getSummary());
        r.assertLogContains("dhcpRenew: every DHCP lease call of this build, on the build page", b);

        try (JenkinsRule.WebClient wc = r.createWebClient()) {
            HtmlPage page = wc.getPage(b, "dhcp-lease/");
            String text = page.asNormalizedText();
            assertTrue(text.contains("2 calls: 1 renewed, 1 released"), text);
            assertTrue(text.contains("dhcpRenew\tshim-agent\tEthernet 2 (index 12)\trenewed\t10.0.0.5 → 10.0.0.7\t10.0.0.1"), text);
            assertTrue(text.contains("expect 10.0.0.0/24 passed (0 ms)"), text);
            assertTrue(text.contains("dhcpRelease\tshim-agent\tEthernet 2 (index 12)\treleased\t10.0.0.7 → -\t10.0.0.1"), text);
            String build = wc.getPage(b).asNormalizedText();
            assertTrue(build.contains("DHCP leases: 2 calls: 1 renewed, 1 released"), build);
        }

        // kept with the build: a reload from disk shows the same
        b.reload();
        assertEquals(2, b.getAction(LeaseRunAction.class).getCalls().size());
    }
}
