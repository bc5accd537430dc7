package io.jenkins.plugins.dhcplease.linux.command;

import io.jenkins.plugins.dhcplease.engine.Deadline;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@link CommandRunner} over {@link ProcessBuilder}.
 *
 * <p>Output goes to temporary files, not pipes: DHCP clients fork daemons that inherit the output descriptors, and a
 * pipe would then never reach end-of-file while the daemon lives.
 */
public final class ProcessCommandRunner implements CommandRunner {

    private static final long KILL_GRACE_MILLIS = 500;

    private final List<String> prefix;

    public ProcessCommandRunner(List<String> prefix) {
        this.prefix = List.copyOf(prefix);
    }

    /** Runs commands as they are: production. */
    public static ProcessCommandRunner direct() {
        return new ProcessCommandRunner(List.of());
    }

    /** Runs every command inside network namespace {@code ns} ({@code ip netns exec ns ...}). */
    public static ProcessCommandRunner inNamespace(String ns) {
        return new ProcessCommandRunner(List.of("ip", "netns", "exec", ns));
    }

    @Override
    public List<String> prefix() {
        return prefix;
    }

    @Override
    public CommandResult run(List<String> argv, String stdin, Deadline deadline) throws InterruptedException {
        List<String> full = new ArrayList<>(prefix);
        full.addAll(argv);
        long start = System.nanoTime();
        Path out = null;
        Path err = null;
        Path in = null;
        try {
            out = Files.createTempFile("dhcp-lease-", ".out");
            err = Files.createTempFile("dhcp-lease-", ".err");
            if (stdin != null) {
                in = Files.createTempFile("dhcp-lease-", ".in");
                Files.writeString(in, stdin, StandardCharsets.UTF_8);
            }
            ProcessBuilder pb = new ProcessBuilder(full)
                    .redirectInput(ProcessBuilder.Redirect.from(in == null ? new File("/dev/null") : in.toFile()))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            pb.environment().put("LC_ALL", "C");
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                return new CommandResult(full, -1, "", "", false, e.getMessage(), millisSince(start));
            }
            boolean done;
            try {
                done = p.waitFor(deadline.remainingMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                kill(p);
                throw e;
            }
            if (!done) {
                kill(p);
            }
            return new CommandResult(full, done ? p.exitValue() : -1, read(out), read(err), !done, null, millisSince(start));
        } catch (IOException e) {
            return new CommandResult(full, -1, "", "", false, "temporary output file: " + e.getMessage(), millisSince(start));
        } finally {
            delete(out);
            delete(err);
            delete(in);
        }
    }

    /** Whether {@code program} is an executable in a directory of this JVM's PATH, which the commands inherit. */
    public static boolean onPath(String program) {
        String path = System.getenv("PATH");
        return path != null && Arrays.stream(path.split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    }

    private static void kill(Process p) throws InterruptedException {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(KILL_GRACE_MILLIS, TimeUnit.MILLISECONDS);
    }

    private static String read(Path f) throws IOException {
        return new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
    }

    private static void delete(Path f) {
        if (f != null) {
            try {
                Files.deleteIfExists(f);
            } catch (IOException ignored) {
                // a temp file left behind is harmless
            }
        }
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
