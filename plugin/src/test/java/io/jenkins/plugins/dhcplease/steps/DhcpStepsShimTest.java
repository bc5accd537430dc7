package io.jenkins.plugins.dhcplease.steps;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import hudson.model.Executor;
import hudson.model.Result;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import jenkins.model.JenkinsLocationConfiguration;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The steps end to end on a real agent JVM that runs the real Windows binding against the IP Helper shim: what a
 * user sees in the log, what the script gets back, and how each failure fails the build. Scenario: lab.scenario.
 */
@WithJenkins
@EnabledOnOs(OS.LINUX)
class DhcpStepsShimTest {

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
    void renewPrintsOneLineAndReturnsPlainMaps() throws Exception {
        WorkflowRun b = run("""
                node('shim') {
                  def r = dhcpRenew adapter: 'Ethernet 2'
                  echo "size=${r.size()} status=${r[0].status} before=${r[0].addressBefore} after=${r[0].addressAfter} server=${r[0].dhcpServer} index=${r[0].index} error=${r[0].errorCode}"
                }""", Result.SUCCESS);
        r.assertLogContains("dhcpRenew: Ethernet 2 (index 12): renewing", b);
        r.assertLogContains("dhcpRenew: Ethernet 2 (index 12): renewed 10.0.0.5", b);
        r.assertLogContains("10.0.0.7 from 10.0.0.1, lease until ", b);
        r.assertLogContains("size=1 status=renewed before=10.0.0.5 after=10.0.0.7 server=10.0.0.1 index=12 error=0", b);
    }

    @Test
    void releaseByIndex() throws Exception {
        WorkflowRun b = run("""
                node('shim') {
                  def r = dhcpRelease adapter: 'index:12'
                  echo "status=${r[0].status} action=${r[0].action} after=${r[0].addressAfter}"
                }""", Result.SUCCESS);
        r.assertLogContains("dhcpRelease: Ethernet 2 (index 12): released 10.0.0.5 (server 10.0.0.1)", b);
        r.assertLogContains("status=released action=release after=null", b);
    }

    @Test
    void releaseThenRenewByMacInDeclarative() throws Exception {
        WorkflowRun b = run("""
                pipeline {
                  agent { label 'shim' }
                  stages {
                    stage('reset network') {
                      steps {
                        script {
                          def r = dhcpRenew adapter: 'mac:00155d010203', releaseFirst: true, timeout: 30
                          echo "action=${r[0].action} status=${r[0].status} after=${r[0].addressAfter}"
                        }
                      }
                    }
                  }
                }""", Result.SUCCESS);
        r.assertLogContains("dhcpRenew: Ethernet 2 (index 12): releasing 10.0.0.5", b);
        r.assertLogContains("dhcpRenew: Ethernet 2 (index 12): renewing after the release", b);
        r.assertLogContains("dhcpRenew: Ethernet 2 (index 12): renewed 10.0.0.5", b);
        r.assertLogContains("action=release-then-renew status=renewed after=10.0.0.7", b);
    }

    @Test
    void declarativeStepWithoutScriptBlock() throws Exception {
        WorkflowRun b = run("""
                pipeline {
                  agent { label 'shim' }
                  stages {
                    stage('renew') {
                      steps {
                        dhcpRenew adapter: 'Ethernet 2', timeout: 30
                      }
                    }
                  }
                }""", Result.SUCCESS);
        r.assertLogContains("dhcpRenew: Ethernet 2 (index 12): renewed 10.0.0.5", b);
    }

    @Test
    void dryRunChangesNothing() throws Exception {
        WorkflowRun b = run("""
                node('shim') {
                  def d = dhcpRelease adapter: 'Ethernet 2', dryRun: true
                  def r = dhcpRenew adapter: 'Ethernet 2', dryRun: true
                  echo "dry=${d[0].status} still=${r[0].addressBefore}"
                }""", Result.SUCCESS);
        r.assertLogContains("dhcpRelease: Ethernet 2 (index 12): dry run: ", b);
        r.assertLogContains("dry=dry run still=10.0.0.5", b);
    }

    @Test
    void eachWin32FailureFailsTheBuildWithItsMessage() throws Exception {
        WorkflowRun b = run("""
                node('shim') {
                  dhcpRenew adapter: 'Fail*', allAdapters: true
                }""", Result.FAILURE);
        r.assertLogContains("dhcpRenew: Fail 5 (index 21): failed (error 5): ", b);
        r.assertLogContains("ERROR_ACCESS_DENIED: the agent is not elevated", b);
        r.assertLogContains("dhcpRenew: Fail 1231 (index 22): failed (error 1231): ", b);
        r.assertLogContains("ERROR_NETWORK_UNREACHABLE", b);
        r.assertLogContains("dhcpRenew: Fail 4100 (index 23): failed (error 4100): ", b);
        r.assertLogContains("ERROR_DHCP_ADDRESS_CONFLICT", b);
        r.assertLogContains("dhcpRenew: Fail 50 (index 24): failed (error 50): ", b);
        r.assertLogContains("ERROR_NOT_SUPPORTED", b);
        // Every line is printed before the step fails, and the failure names each adapter.
        r.assertLogContains("dhcpRenew failed on 4 adapters: Fail 5 (index 21) failed (error 5); Fail 1231 (index 22) failed (error 1231);"
                + " Fail 4100 (index 23) failed (error 4100); Fail 50 (index 24) failed (error 50)", b);
    }

    @Test
    void failedReleaseFailsTheBuild() throws Exception {
        WorkflowRun b = run("node('shim') { dhcpRelease adapter: 'Fail 5' }", Result.FAILURE);
        r.assertLogContains("dhcpRelease: Fail 5 (index 21): failed (error 5): IpReleaseAddress failed", b);
        r.assertLogContains("dhcpRelease failed on 1 adapter: Fail 5 (index 21) failed (error 5)", b);
    }

    @Test
    void renewPastItsDeadlineTimesOut() throws Exception {
        // The renewed address never leaves duplicate address detection, so no usable address appears in time.
        WorkflowRun b = run("node('shim') { dhcpRenew adapter: 'Tentative 1', timeout: 3 }", Result.FAILURE);
        r.assertLogContains("dhcpRenew: Tentative 1 (index 31): timed out after ", b);
        r.assertLogContains("still tentative at the deadline", b);
        r.assertLogContains("dhcpRenew failed on 1 adapter: Tentative 1 (index 31) timed out", b);
    }

    @Test
    @Timeout(value = 50, unit = TimeUnit.SECONDS) // the shim's renew blocks 60 s: only a prompt stop ends in time
    void abortDuringABlockingRenewStopsPromptly() throws Exception {
        WorkflowJob p = r.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition("node('shim') { dhcpRenew adapter: 'Slow 1', timeout: 120 }", true));
        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        r.waitForMessage("dhcpRenew: Slow 1 (index 41): renewing", b);
        Executor executor = b.getExecutor();
        executor.interrupt();
        r.assertBuildStatus(Result.ABORTED, r.waitForCompletion(b));
        r.assertLogNotContains("renewed 10.0.41.5", b);
    }

    @Test
    void onlySkippedAdaptersFail() throws Exception {
        WorkflowRun b = run("node('shim') { dhcpRenew adapter: 'Ethernet 3' }", Result.FAILURE);
        r.assertLogContains("dhcpRenew: Ethernet 3 (index 13): skipped: DHCP is not enabled on this adapter", b);
        r.assertLogContains("dhcpRenew: nothing was done: Ethernet 3 (index 13): skipped", b);
    }

    @Test
    void noMatchListsTheAdaptersThatExist() throws Exception {
        WorkflowRun b = run("node('shim') { dhcpRenew adapter: 'Wi-Fi*' }", Result.FAILURE);
        r.assertLogContains("dhcpRenew: No adapter matches 'Wi-Fi*'", b);
        r.assertLogContains("00-15-5D-01-02-03", b); // the adapter table lists what exists
    }

    @Test
    void ambiguousSelectorIsRefusedWithoutAllAdapters() throws Exception {
        WorkflowRun b = run("node('shim') { dhcpRenew adapter: 'Fail*' }", Result.FAILURE);
        r.assertLogContains("'Fail*' matches 4 adapters", b);
        r.assertLogContains("allAdapters: true", b);
        r.assertLogNotContains("renewing", b);
    }

    @Test
    void releaseOfTheAdapterCarryingTheAgentConnectionIsRefused(@TempDir Path other) throws Exception {
        // Point the Jenkins URL at an address of this machine and give the shim adapter that address: the agent's
        // route towards the controller then leaves through "Ethernet 2".
        String ip = localIpv4().orElse(null);
        assumeTrue(ip != null, "this machine has no non-loopback IPv4 address to route towards");
        Path scenario = other.resolve("connection.scenario");
        Files.writeString(scenario, ShimAgents.scenarioText("lab.scenario").replace("10.0.0.5/24 dhcp", ip + "/24 dhcp"));
        hudson.slaves.DumbSlave agent = r.createSlave("connection-agent", "conn", new hudson.EnvVars(
                "DHCP_LEASE_BACKEND", "windows", "DHCP_LEASE_IPHLPAPI", ShimAgents.shim(),
                "DHCP_LEASE_SHIM_SCENARIO", scenario.toString()));
        r.waitOnline(agent);
        JenkinsLocationConfiguration.get().setUrl(r.getURL().toString().replace("localhost", ip));

        WorkflowRun b = run("""
                node('conn') {
                  catchError(buildResult: 'FAILURE', stageResult: 'FAILURE') {
                    dhcpRelease adapter: 'Ethernet 2'
                  }
                  def r = dhcpRenew adapter: 'Ethernet 2', dryRun: true
                  echo "still=${r[0].addressBefore} connection=${r[0].agentConnection}"
                }""", Result.FAILURE);
        r.assertLogContains("carries this agent's connection (guessed from the route towards " + ip, b);
        r.assertLogContains("dhcpRenew(releaseFirst: true)", b);
        r.assertLogNotContains("releasing " + ip, b);
        r.assertLogContains("still=" + ip + " connection=true", b);
    }

    private static Optional<String> localIpv4() throws Exception {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLinkLocalAddress()) {
                    return Optional.of(a.getHostAddress());
                }
            }
        }
        return Optional.empty();
    }
}
