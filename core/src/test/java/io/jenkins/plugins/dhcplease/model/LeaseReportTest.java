package io.jenkins.plugins.dhcplease.model;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** When the agent must end its own channel: the operation moved the address under the agent's connection. */
class LeaseReportTest {

    private static LeaseOutcome outcome(boolean carries, String before, String after) {
        return new LeaseOutcome("Ethernet", "{e}", 4, null, LeaseAction.RELEASE_THEN_RENEW, OutcomeStatus.RENEWED,
                before, after, "10.0.0.1", null, null, 10, 0, null, carries, List.of());
    }

    private static LeaseReport report(LeaseOutcome... o) {
        return new LeaseReport("r", LeaseAction.RELEASE_THEN_RENEW, List.of(o));
    }

    @Test
    void aNewAddressOrNoneOnTheCarryingAdapterMovedTheConnection() {
        assertTrue(report(outcome(true, "10.0.0.5", "10.0.0.7")).movedAgentConnection());
        assertTrue(report(outcome(false, "10.1.0.5", "10.1.0.5"), outcome(true, "10.0.0.5", null)).movedAgentConnection());
    }

    @Test
    void theSameAddressBackOrAnotherAdapterDoesNot() {
        assertFalse(report(outcome(true, "10.0.0.5", "10.0.0.5")).movedAgentConnection(), "TCP survives the same address");
        assertFalse(report(outcome(false, "10.1.0.5", "10.1.0.9")).movedAgentConnection());
        assertFalse(report(outcome(true, null, "10.0.0.7")).movedAgentConnection(), "it had no address to lose");
    }
}
