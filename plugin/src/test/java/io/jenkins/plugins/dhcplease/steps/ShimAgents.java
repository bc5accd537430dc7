package io.jenkins.plugins.dhcplease.steps;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import hudson.EnvVars;
import hudson.model.Result;
import hudson.slaves.DumbSlave;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jvnet.hudson.test.JenkinsRule;

/**
 * Agents that run the real Windows binding against the IP Helper shim (built by the plugin POM on Linux from
 * core/src/test/native). The backend is chosen through the agent process's environment: a static in this JVM would
 * not reach the agent.
 */
final class ShimAgents {

    static final String LABEL = "shim";

    private ShimAgents() {
    }

    /** The shim library; skips the test when the build did not make it (not Linux, or run outside Maven). */
    static String shim() {
        String path = System.getProperty("dhcplease.test.shim");
        assumeTrue(path != null && Files.isRegularFile(Path.of(path)),
                "the IP Helper shim is built by the plugin POM on Linux (profile iphlpapi-shim); run the tests through Maven there");
        return path;
    }

    /** An online agent whose adapters are the ones the scenario resource describes. */
    static DumbSlave agent(JenkinsRule r, String scenarioResource, Path dir) throws Exception {
        Path scenario = copyScenario(scenarioResource, dir.resolve(scenarioResource));
        EnvVars env = new EnvVars(
                "DHCP_LEASE_BACKEND", "windows",
                "DHCP_LEASE_IPHLPAPI", shim(),
                "DHCP_LEASE_SHIM_SCENARIO", scenario.toString());
        DumbSlave agent = r.createSlave("shim-agent", LABEL, env);
        r.waitOnline(agent);
        return agent;
    }

    /** Runs {@code script} (sandboxed: the returned maps need no approval) in a new job; asserts the result. */
    static WorkflowRun run(JenkinsRule r, String script, Result expected) throws Exception {
        WorkflowJob p = r.createProject(WorkflowJob.class);
        p.setDefinition(new CpsFlowDefinition(script, true)); // sandboxed: the returned maps need no approval
        return r.buildAndAssertStatus(expected, p);
    }

    /** An online agent {@code name} with {@code label} whose adapters are the scenario's (its own copy). */
    static DumbSlave agent(JenkinsRule r, String name, String label, String scenarioResource, Path dir) throws Exception {
        Path scenario = copyScenario(scenarioResource, dir.resolve(name).resolve(scenarioResource));
        DumbSlave agent = r.createSlave(name, label, new EnvVars("DHCP_LEASE_BACKEND", "windows",
                "DHCP_LEASE_IPHLPAPI", shim(), "DHCP_LEASE_SHIM_SCENARIO", scenario.toString()));
        r.waitOnline(agent);
        return agent;
    }

    /** Writes a scenario resource (optionally rewritten) to {@code target}. */
    static Path copyScenario(String resource, Path target) throws IOException {
        try (InputStream in = ShimAgents.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("test resource " + resource + " is missing");
            }
            Files.createDirectories(target.getParent());
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    static String scenarioText(String resource) throws IOException {
        try (InputStream in = ShimAgents.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("test resource " + resource + " is missing");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
