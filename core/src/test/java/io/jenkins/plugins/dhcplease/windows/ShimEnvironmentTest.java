package io.jenkins.plugins.dhcplease.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.dhcplease.model.NetworkAdapter;
import io.jenkins.plugins.dhcplease.windows.jna.WindowsNative;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The environment route a Jenkins agent JVM takes in plugin tests: no system property, DHCP_LEASE_IPHLPAPI names the
 * shim and DHCP_LEASE_SHIM_SCENARIO the scenario it loads at its first call. Runs in a child JVM, because the
 * shim in this JVM already has its state.
 */
@EnabledIfSystemProperty(named = "dhcplease.test.native", matches = ".+", disabledReason = "the native test artifacts"
        + " are built by the Maven profile windows-binding-shim, active where mingw-w64 is installed (scripts/install-deps)")
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the shim is built on the Linux build only")
class ShimEnvironmentTest {

    /** The child: prints the adapters the factory's client sees, one name a line. */
    public static void main(String[] args) throws Exception {
        for (NetworkAdapter a : WindowsDhcpClient.create().adapters()) {
            System.out.println(a.name() + "|" + a.dhcpServer());
        }
    }

    @Test
    void theEnvironmentNamesTheLibraryAndTheScenario(@TempDir Path dir) throws Exception {
        Path scenario = dir.resolve("lab.txt");
        Files.writeString(scenario, Scenarios.LAB);
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                ShimEnvironmentTest.class.getName());
        pb.environment().put(WindowsNative.ENV, Shim.library().toString());
        pb.environment().put("DHCP_LEASE_SHIM_SCENARIO", scenario.toString());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child JVM did not finish in 60 s");
        List<String> lines;
        try (var reader = p.inputReader(StandardCharsets.UTF_8)) {
            lines = reader.lines().collect(Collectors.toList());
        }
        assertEquals(0, p.exitValue(), () -> String.join("\n", lines));
        assertEquals(List.of("Ethernet|192.168.1.1", "Ethernet 2|10.20.0.1", "Wi-Fi|172.16.4.1", "VPN|null",
                "Lab static|null", "Ethernet 3|null"), lines);
    }
}
