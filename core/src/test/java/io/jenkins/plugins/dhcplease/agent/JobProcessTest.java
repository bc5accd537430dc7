package io.jenkins.plugins.dhcplease.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.dhcplease.model.LeaseReport;
import io.jenkins.plugins.dhcplease.model.LeaseRequest;
import io.jenkins.plugins.dhcplease.model.OutcomeStatus;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job process against partners that do not cooperate: the JVM that started it dies mid-operation, and the class
 * loader it came from can no longer load anything (a Jenkins agent's remote class loader after the release cut the
 * controller off). Real processes, the real Windows binding on the IP Helper shim.
 */
class JobProcessTest {

    @TempDir
    Path dir;

    @Test
    void theJobFinishesAndIsCollectedAfterTheJvmThatStartedItDiedBetweenReleaseAndRenew() throws Exception {
        LeaseRequest request = ShimJobs.request();
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path")));
        System.getProperties().forEach((k, v) -> {
            if (k.toString().startsWith("dhcplease.")) {
                cmd.add("-D" + k + "=" + v);
            }
        });
        cmd.addAll(List.of(ShimJobs.class.getName(), dir.toString(), request.id()));
        Process agent = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertTrue(agent.waitFor(30, TimeUnit.SECONDS), "the stand-in agent ended");
        String said = new String(agent.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(137, agent.exitValue(), said);
        assertTrue(said.contains("renew under way"), said);

        LeaseReport report = awaitCollected(request.id());
        assertEquals(OutcomeStatus.RENEWED, report.outcomes().get(0).status(), report.toString());
        assertEquals("10.0.0.7", report.outcomes().get(0).addressAfter());
        assertEquals("10.0.0.5", report.outcomes().get(0).addressBefore());
    }

    @Test
    void aClassLoaderThatRefusesEveryLoadOnceTheJobRunsDoesNotStopItNorItsAnswer() throws Exception {
        RefusingLoader loader = new RefusingLoader();
        Class<?> shimJobs = loader.loadClass(ShimJobs.class.getName());
        LeaseRequest request = ShimJobs.request();
        Object job = shimJobs.getMethod("start", Path.class, Map.class).invoke(null, dir, request.toPlain());
        while (!ShimJobs.logged(dir, request.id(), "releasing")) {
            Thread.sleep(5);
        }
        loader.refuse.set(true);

        @SuppressWarnings("unchecked")
        Map<String, Object> answer = (Map<String, Object>) shimJobs.getMethod("await", Object.class).invoke(null, job);
        LeaseReport report = LeaseReport.fromPlain(answer);
        assertEquals(OutcomeStatus.RENEWED, report.outcomes().get(0).status(), report.toString());
        assertEquals(report, awaitCollected(request.id()), "the journal has the same outcome");
    }

    @Test
    void theJobProcessRunsInASessionOfItsOwnWithNoStdioOfTheStarter() throws Exception {
        LeaseRequest request = ShimJobs.request();
        ShimJobs.start(dir, request.toPlain());
        long pid = 0;
        for (int i = 0; i < 1000 && pid == 0; i++) {
            Map<String, Object> e = new LeaseJournal(dir).read(request.id()).orElseThrow();
            pid = e.get("jobPid") instanceof Number n ? n.longValue() : 0;
            Thread.sleep(10);
        }
        assertTrue(pid > 0, "the job process journaled its pid");
        String stat = java.nio.file.Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        assertEquals(Long.toString(pid), f[3], "the job leads its own session (setsid): " + stat);
        assertTrue(java.nio.file.Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "fd", "0")).toString()
                .equals("/dev/null"), "stdin is not the starter's");
        awaitCollected(request.id());
    }

    private LeaseReport awaitCollected(String id) throws Exception {
        LeaseJobs journal = LeaseJobs.inThisJvm(new LeaseJournal(dir), null);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < until) {
            Optional<LeaseReport> r = journal.collect(id);
            if (r.isPresent()) {
                return r.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no outcome in the journal within 30 s; job output: " + new LeaseJournal(dir).outputTail(id));
    }

    /** Loads every class but the JDK's itself until told to refuse, then refuses every such load (as remoting would). */
    static final class RefusingLoader extends URLClassLoader {
        final AtomicBoolean refuse = new AtomicBoolean();
        final AtomicInteger refused = new AtomicInteger();

        RefusingLoader() throws Exception {
            super(classPathUrls(), JobProcessTest.class.getClassLoader().getParent());
        }

        private static URL[] classPathUrls() throws Exception {
            List<URL> urls = new ArrayList<>();
            for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
                urls.add(Path.of(e).toUri().toURL());
            }
            return urls.toArray(URL[]::new);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c != null) {
                    return c;
                }
                if (refuse.get() && !name.startsWith("java.") && !name.startsWith("jdk.") && !name.startsWith("sun.")) {
                    refused.incrementAndGet();
                    throw new ClassNotFoundException(name + ": the controller is unreachable");
                }
                return super.loadClass(name, resolve);
            }
        }

        @Override
        public URL getResource(String name) {
            if (refuse.get()) {
                refused.incrementAndGet();
                return null;
            }
            return super.getResource(name);
        }
    }
}
