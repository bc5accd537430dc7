package io.jenkins.plugins.dhcplease.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.dhcplease.model.CheckResult;
import io.jenkins.plugins.dhcplease.model.LeaseAction;
import io.jenkins.plugins.dhcplease.model.LeaseException;
import io.jenkins.plugins.dhcplease.model.LeaseOutcome;
import io.jenkins.plugins.dhcplease.model.LeaseReport;
import io.jenkins.plugins.dhcplease.model.OutcomeStatus;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What crosses the channel back to the controller: JDK types only, and nothing lost on the way. */
class WireResultTest {

    private static final LeaseReport REPORT = new LeaseReport("req-1", LeaseAction.RELEASE_THEN_RENEW, List.of(
            new LeaseOutcome("Ethernet 2", "{GUID}", 12, "00-15-5D-01-02-03", LeaseAction.RELEASE_THEN_RENEW,
                    OutcomeStatus.RENEWED, "10.0.0.5", "10.0.0.7", "10.0.0.1", Instant.parse("2026-11-25T08:00:00Z"),
                    Instant.parse("2026-11-26T08:00:00Z"), 1800, 0, null, true,
                    List.of(new CheckResult("gateway", CheckResult.Result.PASSED, 3, "10.0.0.1:53 answered")))));

    /** Deserializes accepting java.* classes only, as the controller's class filter would for a bundled library. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> overTheWire(Map<String, Object> m) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(m);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            in.setObjectInputFilter(info -> {
                Class<?> c = info.serialClass();
                while (c != null && c.isArray()) {
                    c = c.getComponentType();
                }
                return c == null || c.isPrimitive() || c.getName().startsWith("java.")
                        ? ObjectInputFilter.Status.ALLOWED : ObjectInputFilter.Status.REJECTED;
            });
            return (Map<String, Object>) in.readObject();
        }
    }

    @Test
    void reportSurvivesTheTrip() throws Exception {
        assertEquals(REPORT, WireResult.decode(overTheWire(WireResult.done(REPORT))).orElseThrow());
    }

    @Test
    void refusalComesBackAsTheSameKindAndMessage() throws Exception {
        Map<String, Object> wire = overTheWire(WireResult.refused(new LeaseException(LeaseException.Kind.REFUSED, "carries the agent connection")));
        LeaseException e = assertThrows(LeaseException.class, () -> WireResult.decode(wire));
        assertEquals(LeaseException.Kind.REFUSED, e.kind());
        assertEquals("carries the agent connection", e.getMessage());
    }

    @Test
    void anAgentSideBugComesBackAsPlainText() throws Exception {
        RuntimeException bug = new IllegalStateException("job failed", new UnsupportedOperationException("native call"));
        LeaseException e = assertThrows(LeaseException.class, () -> WireResult.decode(overTheWire(WireResult.unexpected(bug))));
        assertEquals(LeaseException.Kind.LOST, e.kind());
        assertTrue(e.getMessage().contains("java.lang.IllegalStateException: job failed; caused by"
                + " java.lang.UnsupportedOperationException: native call"), e.getMessage());
    }

    @Test
    void runningMeansNoReportYet() throws Exception {
        assertTrue(WireResult.decode(overTheWire(WireResult.running())).isEmpty());
    }
}
