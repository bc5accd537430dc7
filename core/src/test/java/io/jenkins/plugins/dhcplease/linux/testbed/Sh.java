package io.jenkins.plugins.dhcplease.linux.testbed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the testbed's own setup commands (argument vectors, no shell) and fails loudly when one fails. */
public final class Sh {
    private static final long TIMEOUT_SECONDS = 20;

    private Sh() {
    }

    public record Result(int code, String out, String err) {
    }

    /** Runs and returns whatever happened. */
    static Result run(List<String> argv) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("testbed-", ".out");
            err = Files.createTempFile("testbed-", ".err");
            Process p = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new IllegalStateException("testbed command timed out after " + TIMEOUT_SECONDS + " s: " + argv);
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("testbed command could not run: " + argv + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + argv, e);
        } finally {
            for (Path f : new Path[] {out, err}) {
                if (f != null) {
                    f.toFile().delete();
                }
            }
        }
    }

    /** Runs and throws with the command's stderr unless it exits 0. */
    static String ok(List<String> argv) {
        Result r = run(argv);
        if (r.code() != 0) {
            throw new IllegalStateException("testbed command failed (exit " + r.code() + "): " + String.join(" ", argv)
                    + "\n" + r.err() + r.out());
        }
        return r.out();
    }

    static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", program)) || Files.isExecutable(Path.of("/sbin", program));
    }
}
