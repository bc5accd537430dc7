package io.jenkins.plugins.dhcplease.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.dhcplease.model.LeaseAction;
import io.jenkins.plugins.dhcplease.model.LeaseRequest;
import org.junit.jupiter.api.Test;

/** The controller-side checks and the request they produce; no Jenkins needed. */
class StepParametersTest {

    private static StepParameters renew(String adapter, boolean all, int timeout) {
        return new StepParameters("dhcpRenew", LeaseAction.RENEW, adapter, all, timeout, true, false, false);
    }

    @Test
    void aValidSelectorBecomesTheRequest() throws Exception {
        StepParameters p = new StepParameters("dhcpRenew", LeaseAction.RELEASE_THEN_RENEW, " Ethernet* ", true, 120,
                false, true, false);
        p.check();
        LeaseRequest q = p.toRequest(ControllerEndpoint.fromRootUrl("https://ci.example.com/jenkins/"));
        assertEquals(LeaseAction.RELEASE_THEN_RENEW, q.action());
        assertEquals("Ethernet*", q.selector());
        assertTrue(q.all());
        assertEquals(120_000, q.timeoutMillis());
        assertFalse(q.waitForAddress());
        assertTrue(q.dryRun());
        assertEquals("ci.example.com", q.controllerHost());
        assertEquals(443, q.controllerPort());
    }

    @Test
    void allAdaptersWithoutSelectorMeansEveryDhcpAdapter() throws Exception {
        StepParameters p = renew(null, true, 60);
        p.check();
        assertNull(p.toRequest(ControllerEndpoint.UNKNOWN).selector());
    }

    @Test
    void noAdapterAndNotAllIsRefused() {
        var e = assertThrows(StepParameters.InvalidParametersException.class, () -> renew("  ", false, 60).check());
        assertTrue(e.getMessage().startsWith("dhcpRenew: no adapter given."), e.getMessage());
        assertTrue(e.getMessage().contains("guid:{...}"), e.getMessage()); // MessageFormat quoting kept the braces
    }

    @Test
    void malformedSelectorIsRefusedWithTheSyntax() {
        var e = assertThrows(StepParameters.InvalidParametersException.class, () -> renew("index:x", false, 60).check());
        assertTrue(e.getMessage().startsWith("dhcpRenew: 'index:x' is not a valid index selector"), e.getMessage());
        assertTrue(e.getMessage().contains("'mac:00-15-5D-01-02-03'"), e.getMessage());
    }

    @Test
    void aHugeSelectorIsRefusedWithTheLimitByTheStepAndTheFormAlike() {
        String huge = "*".repeat(10_000);
        var e = assertThrows(StepParameters.InvalidParametersException.class, () -> renew(huge, false, 60).check());
        assertTrue(e.getMessage().startsWith("dhcpRenew: The adapter selector '"), e.getMessage());
        assertTrue(e.getMessage().contains("is 10000 characters long; a selector has at most 300"), e.getMessage());
        assertEquals(e.getMessage(), "dhcpRenew: " + StepParameters.selectorProblem(huge));
    }

    @Test
    void timeoutOutOfRangeIsRefused() {
        for (int t : new int[] {0, -5, 3601}) {
            var e = assertThrows(StepParameters.InvalidParametersException.class, () -> renew("Ethernet 2", false, t).check());
            assertTrue(e.getMessage().contains("between 1 and 3600 seconds, it was " + t), e.getMessage());
        }
    }

    @Test
    void controllerEndpointFromTheJenkinsUrl() {
        assertEquals(new ControllerEndpoint("jenkins.lab", 8080), ControllerEndpoint.fromRootUrl("http://jenkins.lab:8080/"));
        assertEquals(new ControllerEndpoint("10.1.2.3", 80), ControllerEndpoint.fromRootUrl("http://10.1.2.3/jenkins/"));
        assertEquals(new ControllerEndpoint("fd00::5", 443), ControllerEndpoint.fromRootUrl("https://[fd00::5]/"));
        assertFalse(ControllerEndpoint.fromRootUrl(null).known());
        assertFalse(ControllerEndpoint.fromRootUrl("not a url").known());
    }
}
