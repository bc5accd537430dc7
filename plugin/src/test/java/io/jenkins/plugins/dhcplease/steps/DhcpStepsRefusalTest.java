package io.jenkins.plugins.dhcplease.steps;

import hudson.model.Result;
import hudson.slaves.DumbSlave;
import jenkins.model.JenkinsLocationConfiguration;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.test.steps.SemaphoreStep;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Everything the controller refuses before anything is sent to an agent. None of these agents has the shim: a
 * request that reached one would fail differently, so the messages below prove the refusal came first.
 */
@WithJenkins
class DhcpStepsRefusalTest {

    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    private static WorkflowRun fails(JenkinsRule r, String script) throws Exception {
        WorkflowJob p = r.createProject(WorkflowJob.class); // a fresh job each time
        p.setDefinition(new CpsFlowDefinition(script, true));
        return r.buildAndAssertStatus(Result.FAILURE, p);
    }

    @Test
    void builtInNodeIsRefused(JenkinsRule r) throws Exception {
        r.jenkins.setNumExecutors(1);
        WorkflowRun b = fails(r, "node('built-in') { dhcpRenew adapter: 'Ethernet 2' }");
        r.assertLogContains("dhcpRenew refuses to run on the built-in node: releasing or renewing a lease there would cut"
                + " the controller off its own network", b);
        r.assertLogNotContains("renewing", b);
    }

    @Test
    void outsideNodeIsRefused(JenkinsRule r) throws Exception {
        WorkflowRun b = fails(r, "dhcpRelease adapter: 'Ethernet 2'");
        r.assertLogContains("Required context class hudson.model.Computer is missing", b);
        r.assertLogContains("Perhaps you forgot to surround the code with a step that provides this, such as: node", b);
    }

    @Test
    void malformedSelectorIsRefusedWithTheSyntax(JenkinsRule r) throws Exception {
        r.createSlave("plain", "plain", null);
        WorkflowRun b = fails(r, "node('plain') { dhcpRenew adapter: 'mac:00-15' }");
        r.assertLogContains("dhcpRenew: 'mac:00-15' is not a valid MAC selector", b);
        r.assertLogContains("An adapter selector is an adapter name or glob", b);
        r.assertLogContains("'index:12'", b);
    }

    @Test
    void missingAdapterIsRefused(JenkinsRule r) throws Exception {
        r.createSlave("plain", "plain", null);
        WorkflowRun b = fails(r, "node('plain') { dhcpRelease() }");
        r.assertLogContains("dhcpRelease: no adapter given. Name one with adapter: 'Ethernet 2'", b);
        r.assertLogContains("or pass allAdapters: true", b);
    }

    @Test
    void absurdTimeoutIsRefused(JenkinsRule r) throws Exception {
        r.createSlave("plain", "plain", null);
        WorkflowRun b = fails(r, "node('plain') { dhcpRenew adapter: 'Ethernet 2', timeout: 0 }");
        r.assertLogContains("dhcpRenew: timeout must be between 1 and 3600 seconds, it was 0", b);
        WorkflowRun b2 = fails(r, "node('plain') { dhcpRenew adapter: 'Ethernet 2', timeout: 86400 }");
        r.assertLogContains("dhcpRenew: timeout must be between 1 and 3600 seconds, it was 86400", b2);
    }

    @Test
    void plainReleaseWithoutJenkinsUrlIsRefused(JenkinsRule r) throws Exception {
        JenkinsLocationConfiguration.get().setUrl(null);
        r.createSlave("plain", "plain", null);
        WorkflowRun b = fails(r, "node('plain') { dhcpRelease adapter: 'Ethernet 2' }");
        r.assertLogContains("dhcpRelease: the Jenkins URL is not configured, so the agent cannot tell whether the adapter"
                + " carries its own connection to the controller", b);
    }

    @Test
    void offlineAgentIsRefused(JenkinsRule r) throws Exception {
        DumbSlave agent = r.createSlave("flaky", "flaky", null);
        r.waitOnline(agent);
        WorkflowJob p = r.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition("node('flaky') { semaphore 'ready'; dhcpRenew adapter: 'Ethernet 2' }", true));
        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        SemaphoreStep.waitForStart("ready/1", b);
        r.disconnectSlave(agent);
        SemaphoreStep.success("ready/1", null);
        r.assertBuildStatus(Result.FAILURE, r.waitForCompletion(b));
        r.assertLogContains("dhcpRenew: the agent flaky is offline, so nothing was sent to it", b);
    }
}
