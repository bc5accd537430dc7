package io.jenkins.plugins.dhcplease.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.dhcplease.engine.LeaseEngine;
import io.jenkins.plugins.dhcplease.model.LeaseAction;
import io.jenkins.plugins.dhcplease.model.LeaseOutcome;
import io.jenkins.plugins.dhcplease.model.LeaseRequest;
import io.jenkins.plugins.dhcplease.model.NetworkAdapter;
import io.jenkins.plugins.dhcplease.model.OutcomeStatus;
import io.jenkins.plugins.dhcplease.windows.jna.WindowsNative;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The binding against Windows' own iphlpapi.dll (Windows CI). Reading is harmless; a real release and renew runs
 * only when -Ddhcplease.test.adapter names the adapter to use (it drops that adapter's connection for a moment, and
 * needs an elevated agent).
 */
@EnabledOnOs(OS.WINDOWS)
class WindowsRealAdaptersTest {
    private static final Pattern GUID = Pattern.compile("\\{[0-9A-Fa-f]{8}(-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}}");
    private static final Pattern MAC = Pattern.compile("([0-9A-F]{2}(-[0-9A-F]{2})*)?");

    @Test
    void theRealInventoryIsReadable() throws Exception {
        assertNull(System.getProperty(WindowsNative.PROPERTY), "no shim on Windows: " + WindowsNative.PROPERTY + " is unset");
        assertNull(System.getenv(WindowsNative.ENV), "no shim on Windows: " + WindowsNative.ENV + " is unset");
        WindowsNative natives = WindowsNative.load();
        List<NetworkAdapter> adapters = new WindowsDhcpClient(natives).adapters();
        for (NetworkAdapter a : adapters) {
            assertTrue(GUID.matcher(a.id()).matches(), "adapter id is the {GUID}: " + a.id());
            assertFalse(a.name().isEmpty(), "every adapter has a friendly name: " + a);
            assertTrue(MAC.matcher(a.mac()).matches(), "MAC in 00-15-5D-01-02-03 form: " + a.mac());
            assertNotEquals("loopback", a.type(), "loopback is left out");
            assertEquals("windows", a.manager());
            a.addresses().forEach(ip -> assertTrue(ip.prefixLength() >= 0 && ip.prefixLength() <= 32, ip::toString));
        }
    }

    @Test
    void aDryRunOnEveryDhcpAdapterTouchesNothing() throws Exception {
        LeaseEngine engine = new LeaseEngine(WindowsDhcpClient.create());
        if (engine.inventory().stream().noneMatch(NetworkAdapter::dhcpEnabled)) {
            return; // a machine with static addresses only: nothing to plan, nothing to check
        }
        var report = engine.run(LeaseRequest.builder(LeaseAction.RELEASE_THEN_RENEW).all(true).dryRun(true).build(),
                line -> { });
        report.outcomes().forEach(o -> assertTrue(o.status() == OutcomeStatus.DRY_RUN || o.status() == OutcomeStatus.SKIPPED,
                o::toString));
    }

    @Test
    @EnabledIfSystemProperty(named = "dhcplease.test.adapter", matches = ".+",
            disabledReason = "a real release/renew needs -Ddhcplease.test.adapter=<selector> and an elevated agent")
    void aRealReleaseThenRenewGetsAUsableAddress() throws Exception {
        String selector = System.getProperty("dhcplease.test.adapter");
        LeaseOutcome o = new LeaseEngine(WindowsDhcpClient.create()).run(LeaseRequest.builder(LeaseAction.RELEASE_THEN_RENEW)
                .selector(selector).timeout(Duration.ofMinutes(2)).build(), System.out::println).outcomes().get(0);
        assertEquals(OutcomeStatus.RENEWED, o.status(), () -> o.message() + " (code " + o.errorCode() + ")");
        assertTrue(o.addressAfter() != null && !o.addressAfter().startsWith("169.254."), o::toString);
    }
}
