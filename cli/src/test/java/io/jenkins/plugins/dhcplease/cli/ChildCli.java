package io.jenkins.plugins.dhcplease.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The CLI in a JVM of its own, as a user starts it ({@code java ... DhcpLeaseCli}), on the Windows binding against the
 * IP Helper shim with a scenario of the test's: its own locale, its own signals, its own exit code.
 */
final class ChildCli implements AutoCloseable {
    static final String SHIM = "dhcplease.test.shim";

    private final Process process;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Thread outPump;
    private final Thread errPump;

    /** The shim the core build made; without the build profile (no mingw-w64) these tests cannot run here. */
    static Path shim() {
        String p = System.getProperty(SHIM);
        Assumptions.assumeTrue(p != null, "the IP Helper shim is built in profile windows-binding-shim (needs mingw-w64)");
        assertTrue(Files.isRegularFile(Path.of(p)), "the core build did not make the IP Helper shim: " + p);
        return Path.of(p);
    }

    /**
     * @param env      added to the child's environment (LANG, LC_ALL are removed first unless given here)
     * @param jvmArgs  e.g. {@code -Dstdout.encoding=US-ASCII}
     */
    ChildCli(Path scenario, Map<String, String> env, List<String> jvmArgs, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(DhcpLeaseCli.class.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> e = pb.environment();
        e.keySet().removeIf(k -> k.equals("LANG") || k.startsWith("LC_") || k.startsWith("DHCP_LEASE_")
                || k.equals("JAVA_TOOL_OPTIONS"));
        e.put("DHCP_LEASE_BACKEND", "windows");
        e.put("DHCP_LEASE_IPHLPAPI", shim().toString());
        e.put("DHCP_LEASE_SHIM_SCENARIO", scenario.toString());
        e.putAll(env);
        process = pb.start();
        process.getOutputStream().close();
        outPump = pump(process.getInputStream(), out);
        errPump = pump(process.getErrorStream(), err);
    }

    private static Thread pump(InputStream in, ByteArrayOutputStream to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[4096];
            try {
                for (int n; (n = in.read(buf)) > 0; ) {
                    synchronized (to) {
                        to.write(buf, 0, n);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "child cli pump");
        t.setDaemon(true);
        t.start();
        return t;
    }

    long pid() {
        return process.pid();
    }

    /** Waits up to {@code millis} for a line of standard error that contains {@code text}. */
    boolean awaitErr(String text, long millis) throws InterruptedException {
        long until = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < until) {
            if (err(Charset.defaultCharset()).contains(text)) {
                return true;
            }
            if (!process.isAlive()) {
                return err(Charset.defaultCharset()).contains(text);
            }
            Thread.sleep(5);
        }
        return false;
    }

    /** Sends a signal the way a terminal's Ctrl-C (INT) or a stopped job (TERM) does. */
    void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid())).inheritIO().start();
        assertTrue(kill.waitFor(5, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -" + name + " " + pid());
    }

    /** Waits for the exit; returns the exit code. */
    int exit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the CLI did not end within " + seconds + " s; stderr: " + err(Charset.defaultCharset()));
        }
        outPump.join(5_000);
        errPump.join(5_000);
        return process.exitValue();
    }

    byte[] outBytes() {
        synchronized (out) {
            return out.toByteArray();
        }
    }

    byte[] errBytes() {
        synchronized (err) {
            return err.toByteArray();
        }
    }

    String out(Charset cs) {
        return new String(outBytes(), cs);
    }

    String err(Charset cs) {
        return new String(errBytes(), cs);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
