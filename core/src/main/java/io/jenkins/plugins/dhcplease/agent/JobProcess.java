package io.jenkins.plugins.dhcplease.agent;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Starts {@link JobMain} as a process of its own, from the jars this JVM loaded our classes from. On a Jenkins
 * agent those are the files of remoting's jar cache, on this machine's disk, so the job needs nothing from the
 * controller; it runs in a session of its own (Linux {@code setsid}) with no stdio tied to the agent, so neither a
 * closed channel nor the agent JVM's exit ends it.
 */
final class JobProcess implements JobStarter {

    /** System properties the job inherits: the backend's switches and JNA's. */
    private static final List<String> FORWARDED = List.of("dhcplease.", "jna.");

    private final List<String> classpath;
    private final Map<String, String> extraEnvironment;

    private JobProcess(List<String> classpath, Map<String, String> extraEnvironment) {
        this.classpath = classpath;
        this.extraEnvironment = Map.copyOf(extraEnvironment);
    }

    /** A starter from where this JVM has our classes (and JNA's, when the Windows backend will be used). */
    static JobProcess forThisJvm() throws IOException {
        return forThisJvm(windowsBackend(), Map.of());
    }

    /** For tests: JNA on the job's class path or not, and variables added to its environment. */
    static JobProcess forThisJvm(boolean withJna, Map<String, String> extraEnvironment) throws IOException {
        Set<String> cp = new LinkedHashSet<>();
        cp.add(whole(JobMain.class, "io/jenkins/plugins/dhcplease/engine/LeaseEngine.class",
                "io/jenkins/plugins/dhcplease/agent/JobRunner.class", "io/jenkins/plugins/dhcplease/model/LeaseRequest.class"));
        if (withJna) {
            try {
                cp.add(whole(Class.forName("com.sun.jna.Native", false, JobMain.class.getClassLoader()),
                        "com/sun/jna/Platform.class", "com/sun/jna/Pointer.class", "com/sun/jna/Structure.class",
                        "com/sun/jna/Memory.class", "com/sun/jna/Library.class", "com/sun/jna/Function.class",
                        "com/sun/jna/NativeLibrary.class", "com/sun/jna/Callback.class", "com/sun/jna/LastErrorException.class"));
            } catch (ClassNotFoundException | LinkageError e) {
                throw new IOException("JNA is not available to this JVM: " + e);
            }
        }
        return new JobProcess(List.copyOf(cp), extraEnvironment);
    }

    List<String> classpath() {
        return classpath;
    }

    @Override
    public Started start(LeaseJournal journal, String id) throws IOException {
        List<String> cmd = new ArrayList<>();
        setsid().ifPresent(cmd::add);
        cmd.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.add("-Xmx64m");
        cmd.add("-XX:+UseSerialGC");
        for (Map.Entry<Object, Object> p : System.getProperties().entrySet()) {
            String k = String.valueOf(p.getKey());
            if (FORWARDED.stream().anyMatch(k::startsWith)) {
                cmd.add("-D" + k + "=" + p.getValue());
            }
        }
        cmd.add("-cp");
        cmd.add(String.join(File.pathSeparator, classpath));
        cmd.add(JobMain.class.getName());
        cmd.add(journal.dir().toAbsolutePath().toString());
        cmd.add(id);
        Files.createDirectories(journal.dir());
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectInput(ProcessBuilder.Redirect.from(new File(isWindows() ? "NUL" : "/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(journal.outputFile(id).toFile()))
                .redirectErrorStream(true);
        pb.environment().putAll(extraEnvironment);
        Process p = pb.start();
        return p::isAlive;
    }

    /**
     * Where {@code c} was loaded from, as a whole jar or class directory. A Jenkins agent's remote class loader hands
     * out single resources extracted to a temp directory until remoting's jar cache holds their jar (it fetches it in
     * the background once asked): then other resources of the same jar, not yet asked for, resolve into the cache.
     */
    private static String whole(Class<?> c, String... siblings) throws IOException {
        String where = location(c);
        if (holds(where, siblings[0])) {
            return where;
        }
        ClassLoader loader = c.getClassLoader();
        for (int i = 0; i < 20 && loader != null; i++) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            URL again = loader.getResource(siblings[i % siblings.length]);
            if (again != null && again.toString().startsWith("jar:")) {
                String jar = fromUrl(again, siblings[i % siblings.length]);
                if (holds(jar, siblings[0])) {
                    return jar;
                }
            }
        }
        throw new IOException(c.getName() + " was loaded from " + where + ", which holds single classes only, and its jar"
                + " did not reach this machine's disk");
    }

    private static boolean holds(String classpathEntry, String resource) {
        Path p = Path.of(classpathEntry);
        return !Files.isDirectory(p) || Files.exists(p.resolve(resource));
    }

    /** The jar (or class directory) a class was loaded from, as a local path. */
    static String location(Class<?> c) throws IOException {
        String resource = c.getName().replace('.', '/') + ".class";
        ClassLoader loader = c.getClassLoader() != null ? c.getClassLoader() : ClassLoader.getSystemClassLoader();
        URL url = loader.getResource(resource);
        if (url == null) {
            throw new IOException("cannot find where " + c.getName() + " was loaded from");
        }
        return fromUrl(url, resource);
    }

    /** The class path entry that a resource URL points into. */
    private static String fromUrl(URL url, String resource) throws IOException {
        try {
            String s = url.toString();
            if (s.startsWith("jar:")) {
                String jar = s.substring("jar:".length(), s.indexOf("!/"));
                return existing(Path.of(new URI(jar)));
            }
            if (url.getProtocol().equals("file")) {
                Path file = Path.of(url.toURI());
                Path root = file;
                for (int i = 0; i < resource.split("/").length; i++) {
                    root = root.getParent();
                }
                return existing(root);
            }
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IOException("cannot use " + url + " as a class path entry: " + e.getMessage(), e);
        }
        throw new IOException(resource + " is not on this machine's disk (" + url + ")");
    }

    private static String existing(Path p) throws IOException {
        if (!Files.exists(p)) {
            throw new IOException(p + " does not exist");
        }
        return p.toString();
    }

    private static java.util.Optional<String> setsid() {
        if (isWindows()) {
            return java.util.Optional.empty();
        }
        return java.util.stream.Stream.of("/usr/bin/setsid", "/bin/setsid").filter(f -> Files.isExecutable(Path.of(f)))
                .findFirst();
    }

    private static boolean windowsBackend() {
        String forced = System.getProperty(DhcpClients.PROPERTY, System.getenv(DhcpClients.ENV));
        if (forced != null && !forced.isBlank() && !forced.trim().equalsIgnoreCase("auto")) {
            return forced.trim().equalsIgnoreCase("windows");
        }
        return isWindows();
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    }
}
