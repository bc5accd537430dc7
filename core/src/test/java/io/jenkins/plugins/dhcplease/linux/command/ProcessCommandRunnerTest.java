package io.jenkins.plugins.dhcplease.linux.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.dhcplease.engine.Deadline;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessCommandRunnerTest {

    private final ProcessCommandRunner runner = ProcessCommandRunner.direct();

    @Test
    void reportsExitCodeAndOutput() throws Exception {
        CommandResult r = runner.run(List.of("sh", "-c", "echo out; echo err >&2; exit 3"), Deadline.after(Duration.ofSeconds(10)));

        assertEquals(3, r.exitCode());
        assertEquals("out\n", r.stdout());
        assertEquals("err\n", r.stderr());
        assertFalse(r.ok());
        assertTrue(r.describe().contains("exited with 3") && r.describe().contains("err"), r.describe());
    }

    @Test
    void killsAtTheDeadlineAndSaysSo() throws Exception {
        long start = System.nanoTime();
        CommandResult r = runner.run(List.of("sleep", "30"), Deadline.after(Duration.ofMillis(200)));
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertTrue(r.timedOut());
        assertEquals(-1, r.exitCode());
        assertTrue(millis < 2_000, "took " + millis + " ms");
        assertTrue(r.describe().contains("was killed"), r.describe());
    }

    @Test
    void aForkedDaemonHoldingTheOutputDoesNotBlockTheWait() throws Exception {
        // what dhclient and dhcpcd do: fork a daemon that inherits stdout/stderr, and exit
        long start = System.nanoTime();
        CommandResult r = runner.run(List.of("sh", "-c", "sleep 5 & echo forked"), Deadline.after(Duration.ofSeconds(4)));
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertTrue(r.ok(), r.describe());
        assertTrue(millis < 2_000, "waited " + millis + " ms for the daemon");
    }

    @Test
    void standardInputIsPassedOn() throws Exception {
        CommandResult r = runner.run(List.of("cat"), "addr show\n", Deadline.after(Duration.ofSeconds(5)));

        assertEquals("addr show\n", r.stdout());
    }

    @Test
    void aMissingProgramIsAStartError() throws Exception {
        CommandResult r = runner.run(List.of("no-such-program-dhcp-lease"), Deadline.after(Duration.ofSeconds(5)));

        assertNotNull(r.startError());
        assertTrue(r.describe().contains("could not start"), r.describe());
    }

    @Test
    void thePrefixGoesInFrontOfEveryCommand() throws Exception {
        CommandResult r = new ProcessCommandRunner(List.of("env", "A=1")).run(List.of("sh", "-c", "echo $A"),
                Deadline.after(Duration.ofSeconds(5)));

        assertEquals("1\n", r.stdout());
        assertEquals(List.of("env", "A=1", "sh", "-c", "echo $A"), r.argv());
        assertEquals(List.of("ip", "netns", "exec", "lab"), ProcessCommandRunner.inNamespace("lab").prefix());
    }
}
