package io.jenkins.plugins.dhcplease.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.dhcplease.agent.ShimJobs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C for real: the CLI in a process of its own on the IP Helper shim, a SIGINT sent while it works. A
 * release-then-renew interrupted after the release still renews; a plain operation says what was under way and what
 * to run. Exit 130, as for any command stopped by SIGINT.
 */
class InterruptTest {

    private static final int SIGINT_EXIT = 130;

    @TempDir
    Path dir;

    private Path scenario(String extra) throws Exception {
        return Files.writeString(dir.resolve("shim.scenario"), ConsoleOutputTest.SCENARIO + extra);
    }

    private static ChildCli cli(Path scenario, String... args) throws Exception {
        return new ChildCli(scenario, Map.of("LANG", "C.UTF-8"), List.of("-Dstdout.encoding=UTF-8", "-Dstderr.encoding=UTF-8"), args);
    }

    @Test
    void ctrlCAfterTheReleaseStillRenews() throws Exception {
        // ShimJobs' renew takes 1.5 s: time for the signal to arrive while it runs
        Path slowRenew = Files.writeString(dir.resolve("shim.scenario"), ShimJobs.SCENARIO);
        try (ChildCli cli = cli(slowRenew, "renew", "--adapter", "Ethernet 2", "--release-first", "--timeout", "20s")) {
            assertTrue(cli.awaitErr("renewing after the release", 15_000), cli.err(StandardCharsets.UTF_8));
            long sent = System.nanoTime();
            cli.signal("INT");
            int exit = cli.exit(30);
            long tookMillis = (System.nanoTime() - sent) / 1_000_000;
            String out = cli.out(StandardCharsets.UTF_8);
            String err = cli.err(StandardCharsets.UTF_8);
            assertEquals(SIGINT_EXIT, exit, err);
            // the engine read the shim's inventory after the renew: the address is back, from the scenario's renew
            assertTrue(out.startsWith("Ethernet 2 (index 12): renewed 10.0.0.5 → 10.0.0.7 from 10.0.0.1"), out + err);
            assertTrue(err.contains("dhcp-lease: interrupted during a release-then-renew (Ethernet 2 (index 12): renewing"
                    + " after the release): finishing the renew first"), err);
            assertTrue(err.contains("dhcp-lease: interrupted, but the release-then-renew was completed: its outcome is above."), err);
            assertTrue(tookMillis < 10_000, "bounded by the renew, not by the timeout: " + tookMillis + " ms");
        }
    }

    @Test
    void ctrlCDuringAPlainReleaseSaysWhatWasUnderWayAndWhatToRun() throws Exception {
        try (ChildCli cli = cli(scenario("release-delay 3000\n"), "release", "--adapter", "Ethernet 2", "--timeout", "20s")) {
            assertTrue(cli.awaitErr("releasing 10.0.0.5", 15_000), cli.err(StandardCharsets.UTF_8));
            cli.signal("INT");
            int exit = cli.exit(30);
            String err = cli.err(StandardCharsets.UTF_8);
            assertEquals(SIGINT_EXIT, exit, err);
            assertTrue(err.contains("dhcp-lease: interrupted while this was under way: Ethernet 2 (index 12): releasing"
                    + " 10.0.0.5. The OS may still complete the release. See the adapter's state with: dhcp-lease adapters."
                    + " If it has no address, get one with: dhcp-lease renew --adapter 'Ethernet 2'\n"), err);
            assertFalse(cli.out(StandardCharsets.UTF_8).contains("released"), "it did not wait for the release");
        }
    }
}
