package io.jenkins.plugins.dhcplease.steps;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import hudson.model.Result;
import hudson.slaves.DumbSlave;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The real IP Helper API on a Windows agent. Reading is always safe; a real release/renew runs only when
 * {@value #ADAPTER_PROPERTY} names the adapter to reset (never on a CI machine that must keep its network).
 */
@WithJenkins
@EnabledOnOs(OS.WINDOWS)
class WindowsAgentTest {

    static final String ADAPTER_PROPERTY = "dhcplease.test.adapter";

    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    private static WorkflowRun build(JenkinsRule r, String script) throws Exception {
        DumbSlave agent = r.createSlave("windows-agent", "windows", null);
        r.waitOnline(agent);
        WorkflowJob p = r.createProject(WorkflowJob.class);
        p.setDefinition(new CpsFlowDefinition(script, true));
        return r.waitForCompletion(p.scheduleBuild2(0).waitForStart());
    }

    @Test
    void dryRunReadsTheRealInventory(JenkinsRule r) throws Exception {
        WorkflowRun b = build(r, """
                node('windows') {
                  def r = dhcpRenew allAdapters: true, dryRun: true
                  int dry = 0
                  int other = 0
                  for (def o : r) {
                    if (o.status == 'dry run') { dry++ } else if (o.status != 'skipped') { other++ }
                  }
                  echo "dry=${dry} other=${other}"
                }""");
        if (b.getResult() == Result.SUCCESS) {
            // A machine with DHCP adapters: each is reported (dry run, or skipped with the reason), none is touched.
            r.assertLogContains("dhcpRenew: ", b);
            r.assertLogContains(": dry run: would ", b);
            r.assertLogContains(" other=0", b);
            r.assertLogNotContains("dry=0 ", b);
        } else {
            // A machine whose adapters all have static addresses: listed with the reason, and nothing was done.
            r.assertBuildStatus(Result.FAILURE, b);
            r.assertLogContains("dhcpRenew: nothing was done: ", b);
        }
        r.assertLogNotContains("renewed ", b);
        r.assertLogNotContains("released ", b);
    }

    @Test
    void realReleaseThenRenewOfANamedAdapter(JenkinsRule r) throws Exception {
        String adapter = System.getProperty(ADAPTER_PROPERTY);
        assumeTrue(adapter != null && !adapter.isBlank(),
                "set -D" + ADAPTER_PROPERTY + "=<adapter> to release and renew that adapter for real (it loses its address briefly)");
        WorkflowRun b = build(r, "node('windows') { def r = dhcpRenew adapter: '" + adapter.replace("'", "\\'")
                + "', releaseFirst: true, timeout: 120\n echo \"after=${r[0].addressAfter}\" }");
        r.assertBuildStatusSuccess(b);
        r.assertLogContains("renewed ", b);
        r.assertLogNotContains("after=null", b);
    }
}
