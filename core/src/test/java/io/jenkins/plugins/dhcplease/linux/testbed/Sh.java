package io.jenkins.plugins.dhcplease.linux.testbed;

import io.jenkins.plugins.dhcplease.engine.Deadline;
import io.jenkins.plugins.dhcplease.linux.command.CommandResult;
import io.jenkins.plugins.dhcplease.linux.command.ProcessCommandRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Runs the testbed's own setup commands through the backend's runner, and fails loudly when one fails. */
public final class Sh {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final ProcessCommandRunner RUNNER = ProcessCommandRunner.direct();

    private Sh() {
    }

    public record Result(int code, String out, String err) {
    }

    /** Runs and returns how it exited; a command that cannot start or outlives 20 s is a broken testbed. */
    public static Result run(List<String> argv) {
        CommandResult r;
        try {
            r = RUNNER.run(argv, Deadline.after(TIMEOUT));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + argv, e);
        }
        if (r.startError() != null || r.timedOut()) {
            throw new IllegalStateException("testbed command " + r.describe());
        }
        return new Result(r.exitCode(), r.stdout(), r.stderr());
    }

    /** Runs and throws with the command's stderr unless it exits 0. */
    public static String ok(List<String> argv) {
        Result r = run(argv);
        if (r.code() != 0) {
            throw new IllegalStateException("testbed command failed (exit " + r.code() + "): " + String.join(" ", argv)
                    + "\n" + r.err() + r.out());
        }
        return r.out();
    }

    /** Installed: on the PATH, or in an sbin directory a non-root PATH may lack. */
    static boolean onPath(String program) {
        return ProcessCommandRunner.onPath(program) || Files.isExecutable(Path.of("/usr/sbin", program))
                || Files.isExecutable(Path.of("/sbin", program));
    }
}
