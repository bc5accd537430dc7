package io.jenkins.plugins.dhcplease.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import hudson.model.Result;
import java.nio.file.Path;
import java.util.List;
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
 * The documented whole-lab pattern (docs/steps.md, "A whole lab at once"), scripted and declarative, on two agents
 * of the label {@code lab}: a renew on each in parallel, one summary table of every outcome at the end, a failure on
 * one agent reported in the table without hiding the other's result. The agent list is given here; docs/steps.md
 * shows {@code nodesByLabel('lab')} (pipeline-utility-steps) to compute it.
 */
@WithJenkins
@EnabledOnOs(OS.LINUX)
class LabFanOutTest {

    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @TempDir
    Path tmp;

    private JenkinsRule r;

    /** The pattern's body, shared by both forms: the same text as docs/steps.md. */
    static final String RENEW_ALL = """
            def results = [:]
            def branches = [:]
            for (String name : agents) {
              def agent = name
              branches[agent] = {
                node(agent) {
                  def rows = []
                  try {
                    for (o in dhcpRenew(adapter: 'Ethernet 2', releaseFirst: true, expect: expected, verify: ['dns:localhost'])) {
                      def checks = []
                      for (c in o.checks) { checks << "${c.check} ${c.result}" }
                      rows << [agent, o.adapter, o.status, "${o.addressBefore} -> ${o.addressAfter}", o.dhcpServer ?: '-', checks.join(', ')]
                    }
                  } catch (err) {
                    rows << [agent, '-', 'FAILED', '-', '-', err.message]
                  }
                  results[agent] = rows
                }
              }
            }
            parallel branches
            def format = '%-10s %-22s %-8s %-22s %-10s %s%n'
            def table = String.format(format, 'AGENT', 'ADAPTER', 'STATUS', 'ADDRESS', 'SERVER', 'CHECKS')
            def failed = false
            for (String name : agents) {
              for (row in results[name]) {
                table += String.format(format, row[0], row[1], row[2], row[3], row[4], row[5])
                failed = failed || row[2] == 'FAILED'
              }
            }
            echo "DHCP renew of the lab:\\n${table}"
            if (failed) {
              unstable('a DHCP renew failed on the lab; see the table above')
            }
            """;

    @BeforeEach
    void agents(JenkinsRule r) throws Exception {
        this.r = r;
        ShimAgents.agent(r, "lab-1", "lab", "lab.scenario", tmp);
        ShimAgents.agent(r, "lab-2", "lab", "lab.scenario", tmp);
    }

    private WorkflowRun run(String script, Result expected) throws Exception {
        return ShimAgents.run(r, script, expected);
    }

    @Test
    void scriptedRenewsEveryAgentInParallelAndPrintsOneTable() throws Exception {
        WorkflowRun b = run("def agents = ['lab-1', 'lab-2']\ndef expected = '10.0.0.0/24'\n" + RENEW_ALL, Result.SUCCESS);
        r.assertLogContains("AGENT      ADAPTER                STATUS   ADDRESS                SERVER     CHECKS", b);
        r.assertLogContains("lab-1      Ethernet 2             renewed  10.0.0.5 -> 10.0.0.7   10.0.0.1   expect 10.0.0.0/24"
                + " passed, dns:localhost passed", b);
        r.assertLogContains("lab-2      Ethernet 2             renewed  10.0.0.5 -> 10.0.0.7   10.0.0.1   expect 10.0.0.0/24"
                + " passed, dns:localhost passed", b);
        LeaseRunAction action = b.getAction(LeaseRunAction.class);
        assertEquals(List.of("lab-1", "lab-2"), action.getCalls().stream().map(LeaseRunAction.Call::getAgent).sorted().toList());
        assertEquals("2 calls: 2 renewed", action.getSummary());
    }

    @Test
    void aFailureOnOneAgentIsARowAndTheBuildIsUnstable() throws Exception {
        WorkflowRun b = run("def agents = ['lab-1', 'lab-2']\ndef expected = '10.20.0.0/24'\n" + RENEW_ALL, Result.UNSTABLE);
        r.assertLogContains("lab-1      -                      FAILED   -                      -          dhcpRenew failed"
                + " on 1 adapter: Ethernet 2 (index 12) failed.", b);
        r.assertLogContains("got 10.0.0.7 from 10.0.0.1, expected 10.20.0.0/24", b);
        assertEquals("2 calls: 2 failed", b.getAction(LeaseRunAction.class).getSummary());
    }

    @Test
    void declarativeRenewsEveryAgentInParallel() throws Exception {
        String body = RENEW_ALL.indent(10);
        WorkflowRun b = run("""
                pipeline {
                  agent none
                  stages {
                    stage('Renew the lab') {
                      steps {
                        script {
                          def agents = ['lab-1', 'lab-2']
                          def expected = '10.0.0.0/24'
                """ + body + """
                        }
                      }
                    }
                  }
                }
                """, Result.SUCCESS);
        r.assertLogContains("lab-1      Ethernet 2             renewed  10.0.0.5 -> 10.0.0.7", b);
        r.assertLogContains("lab-2      Ethernet 2             renewed  10.0.0.5 -> 10.0.0.7", b);
    }
}
