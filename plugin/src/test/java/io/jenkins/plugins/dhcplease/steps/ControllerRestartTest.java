package io.jenkins.plugins.dhcplease.steps;

import hudson.EnvVars;
import hudson.slaves.DumbSlave;
import java.nio.file.Path;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/**
 * The controller restarts while a release-then-renew runs on an agent (shim scenario slow-renew: the renew blocks
 * 15 s): the resumed step collects the journaled outcome from the agent instead of failing with "resume not
 * supported".
 */
@EnabledOnOs(OS.LINUX)
class ControllerRestartTest {

    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @RegisterExtension
    final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    @TempDir
    Path dir;

    @Test
    void aStepInterruptedByARestartCollectsTheOutcomeOnResume() throws Throwable {
        Path scenario = ShimAgents.copyScenario("slow-renew.scenario", dir.resolve("slow-renew.scenario"));
        sessions.then(r -> {
            DumbSlave agent = r.createSlave("restart-agent", ShimAgents.LABEL, new EnvVars(
                    "DHCP_LEASE_BACKEND", "windows",
                    "DHCP_LEASE_IPHLPAPI", ShimAgents.shim(),
                    "DHCP_LEASE_SHIM_SCENARIO", scenario.toString()));
            r.waitOnline(agent);
            WorkflowJob p = r.createProject(WorkflowJob.class, "p");
            p.setDefinition(new CpsFlowDefinition("""
                    node('shim') {
                      def r = dhcpRenew adapter: 'Ethernet 2', releaseFirst: true, timeout: 90
                      echo "status=${r[0].status} after=${r[0].addressAfter}"
                    }""", true));
            WorkflowRun b = p.scheduleBuild2(0).waitForStart();
            r.waitForMessage("dhcpRenew: Ethernet 2 (index 12): renewing after the release", b);
        });
        sessions.then(r -> {
            WorkflowRun b = r.jenkins.getItemByFullName("p", WorkflowJob.class).getBuildByNumber(1);
            r.assertBuildStatusSuccess(r.waitForCompletion(b));
            r.assertLogContains("dhcpRenew: Jenkins restarted while the release-then-renew was running on agent restart-agent;"
                    + " collecting its outcome from the agent.", b);
            r.assertLogContains("status=renewed after=10.0.0.7", b);
        });
    }
}
