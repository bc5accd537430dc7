package io.jenkins.plugins.dhcplease.steps;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import hudson.model.Computer;
import hudson.model.Result;
import hudson.slaves.OfflineCause;
import java.io.IOException;
import java.nio.file.Path;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.InboundAgentExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * A release-then-renew on an inbound agent whose connection drops in the middle (shim scenario slow-renew: the
 * renew blocks 15 s). The operation runs in a job process of its own on the agent: whether the agent JVM survives
 * the drop (an inbound agent reconnects by itself) or dies with it (as an SSH-launched agent's does), the renew
 * finishes and the step collects it from the agent's journal through the new connection.
 */
@WithJenkins
@EnabledOnOs(OS.LINUX)
class AgentReconnectTest {

    private static final String AGENT = "inbound-shim";
    private static final String SCRIPT = """
            node('shim') {
              def r = dhcpRenew adapter: 'Ethernet 2', releaseFirst: true, timeout: %d
              echo "action=${r[0].action} status=${r[0].status} after=${r[0].addressAfter}"
            }""";

    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @RegisterExtension
    final InboundAgentExtension inboundAgents = new InboundAgentExtension();

    private InboundAgentExtension.Options options;

    @BeforeEach
    void scenario() throws IOException {
        String shim = ShimAgents.shim();
        // Inbound agents inherit this JVM's environment: the plugin POM points DHCP_LEASE_SHIM_SCENARIO here.
        String file = System.getProperty("dhcplease.test.inboundScenario");
        assumeTrue(file != null && file.equals(System.getenv("DHCP_LEASE_SHIM_SCENARIO")),
                "run through Maven on Linux: the POM sets DHCP_LEASE_SHIM_SCENARIO for the inbound agent");
        ShimAgents.copyScenario("slow-renew.scenario", Path.of(file));
        options = InboundAgentExtension.Options.newBuilder()
                .name(AGENT)
                .label(ShimAgents.LABEL)
                .javaOptions("-Ddhcplease.backend=windows", "-Ddhcplease.iphlpapi=" + shim)
                .build();
    }

    private WorkflowRun startAndWaitForRenew(JenkinsRule r, int timeoutSeconds) throws Exception {
        inboundAgents.createAgent(r, options);
        WorkflowJob p = r.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition(SCRIPT.formatted(timeoutSeconds), true));
        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        // The release is done and the renew is blocking inside the shim: the agent is now without an address.
        r.waitForMessage("dhcpRenew: Ethernet 2 (index 12): renewing after the release", b);
        return b;
    }

    @Test
    void resultIsCollectedAfterTheAgentReconnects(JenkinsRule r) throws Exception {
        WorkflowRun b = startAndWaitForRenew(r, 90);
        Computer computer = r.jenkins.getComputer(AGENT);
        // Drop the connection from the controller's side; the agent JVM keeps running and reconnects by itself.
        computer.disconnect(new OfflineCause.ChannelTermination(new IOException("test: the agent's network went away")));
        r.assertBuildStatusSuccess(r.waitForCompletion(b));
        r.assertLogContains("dhcpRenew: the connection to agent " + AGENT + " dropped while the release-then-renew was running", b);
        r.assertLogContains("dhcpRenew: agent " + AGENT + " reconnected after ", b);
        r.assertLogContains("dhcpRenew: Ethernet 2 (index 12): renewed 10.0.0.5", b);
        r.assertLogContains("action=release-then-renew status=renewed after=10.0.0.7", b);
    }

    @Test
    void aKilledAgentJvmDoesNotStopTheRenewAndTheNewOneReportsIt(JenkinsRule r) throws Exception {
        WorkflowRun b = startAndWaitForRenew(r, 90);
        inboundAgents.stop(AGENT); // kills the agent JVM, as an SSH connection loss does to an SSH-launched agent
        inboundAgents.start(r, options);
        r.assertBuildStatusSuccess(r.waitForCompletion(b));
        r.assertLogContains("dhcpRenew: agent " + AGENT + " reconnected after ", b);
        r.assertLogContains("action=release-then-renew status=renewed after=10.0.0.7", b);
    }

    @Test
    void anAgentThatNeverComesBackFailsAtTheDeadline(JenkinsRule r) throws Exception {
        WorkflowRun b = startAndWaitForRenew(r, 20);
        inboundAgents.stop(AGENT);
        r.assertBuildStatus(Result.FAILURE, r.waitForCompletion(b));
        r.assertLogContains("dhcpRenew: agent " + AGENT + " did not come back within ", b);
        r.assertLogContains("s after its connection dropped, so the outcome of the release-then-renew is not known here", b);
    }
}
