package io.jenkins.plugins.dhcplease.linux.testbed;

import io.jenkins.plugins.dhcplease.agent.DhcpClients;
import io.jenkins.plugins.dhcplease.engine.LeaseEngine;
import io.jenkins.plugins.dhcplease.linux.LinuxHost;
import io.jenkins.plugins.dhcplease.model.LeaseAction;
import io.jenkins.plugins.dhcplease.model.LeaseException;
import io.jenkins.plugins.dhcplease.model.LeaseOutcome;
import io.jenkins.plugins.dhcplease.model.LeaseReport;
import io.jenkins.plugins.dhcplease.model.LeaseRequest;
import io.jenkins.plugins.dhcplease.model.NetworkAdapter;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A JVM with the production backend inside a lab namespace, as one CLI run or one agent would be, that the test can
 * run alongside another, kill, or start as another user. Its output: one line per outcome
 * ({@code status|code|message}), or {@code error|KIND|message} for a refusal, or for {@code adapters} one line per
 * adapter ({@code name|dhcpEnabled|manager}).
 */
public final class EngineProcess {

    private final Process process;
    private final Path out;
    private final Path err;

    private EngineProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /**
     * Starts {@code action} ({@code adapters} or a {@link LeaseAction} word) on {@code selector} in the lab.
     *
     * @param asUser words before {@code java} (e.g. {@code setpriv --reuid=65534 ...}); empty to run as root
     */
    public static EngineProcess start(Testbed lab, List<String> asUser, String action, String selector, Duration timeout)
            throws IOException {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", lab.labNamespace()));
        argv.addAll(asUser);
        argv.addAll(List.of("env", LinuxHost.DHCPCD_ARGS_ENV + "=" + String.join(" ", lab.dhcpcdArgs()),
                ProcessHandle.current().info().command().orElse("java"), "-Xshare:auto", "-cp", ownClassPath(),
                Main.class.getName(), action, selector, Long.toString(timeout.toMillis())));
        Path out = Files.createTempFile("engine-", ".out");
        Path err = Files.createTempFile("engine-", ".err");
        Process p = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new EngineProcess(p, out, err);
    }

    /** Only this project's classes: another user cannot read the local Maven repository, and they need nothing else. */
    private static String ownClassPath() {
        List<String> own = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (e.endsWith("classes") || e.endsWith("test-classes")) {
                own.add(e);
            }
        }
        return String.join(File.pathSeparator, own);
    }

    public long pid() {
        return process.pid();
    }

    /** Kills the JVM with SIGKILL: no shutdown hook, no finally; what it started keeps running. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    public Sh.Result await(Duration max) throws InterruptedException, IOException {
        if (!process.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the engine JVM did not end within " + max + ": " + read(err));
        }
        return new Sh.Result(process.exitValue(), read(out), read(err));
    }

    private static String read(Path f) throws IOException {
        try {
            return Files.readString(f, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(f);
        }
    }

    /** In the namespace: args = action selector timeoutMillis. Exit 0 when the report is ok, 1 otherwise, 3 refused. */
    public static final class Main {
        public static void main(String[] args) throws Exception {
            LeaseEngine engine = new LeaseEngine(DhcpClients.forThisMachine());
            if (args[0].equals("adapters")) {
                for (NetworkAdapter a : engine.inventory()) {
                    System.out.println(a.name() + "|" + a.dhcpEnabled() + "|" + a.manager());
                }
                return;
            }
            try {
                LeaseReport report = engine.run(LeaseRequest.builder(LeaseAction.fromWord(args[0])).selector(args[1])
                        .timeout(Duration.ofMillis(Long.parseLong(args[2]))).build(), System.err::println);
                for (LeaseOutcome o : report.outcomes()) {
                    System.out.println(o.status().word() + "|" + o.errorCode() + "|" + o.message());
                }
                System.exit(report.ok() ? 0 : 1);
            } catch (LeaseException e) {
                System.out.println("error|" + e.kind() + "|" + e.getMessage());
                System.exit(3);
            }
        }
    }
}
