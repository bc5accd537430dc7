package io.jenkins.plugins.dhcplease.linux;

import io.jenkins.plugins.dhcplease.linux.command.CommandRunner;
import io.jenkins.plugins.dhcplease.linux.command.ProcessCommandRunner;
import io.jenkins.plugins.dhcplease.files.SafePaths;
import io.jenkins.plugins.dhcplease.linux.detect.ProcessTable;
import io.jenkins.plugins.dhcplease.linux.detect.ProcessTrust;
import io.jenkins.plugins.dhcplease.linux.state.StateStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the Linux backend looks and how it runs commands: the seam between it and the machine.
 *
 * <p>Production runs commands as they are and considers the processes of its own network namespace. Tests run every
 * command with a prefix ({@code ip netns exec NS}) and consider only that namespace's processes, so that two testbeds
 * (or a testbed and the host) never see each other's daemons.
 *
 * @param runner          runs every command
 * @param root            the file system root the client files are read under ("/"; a fake tree in unit tests)
 * @param netns           the namespace's identity as /proc/PID/ns/net reads it; null to consider every process
 * @param state           where release records and other small facts are kept
 * @param dhcpcdStartArgs extra arguments for restarting a dhcpcd that a release stopped (dhcpcd rewrites its process
 *                        title, so its original arguments cannot be read back)
 */
public record LinuxHost(CommandRunner runner, Path root, String netns, StateStore state, List<String> dhcpcdStartArgs) {

    /** System property with extra dhcpcd start arguments, e.g. {@code -f /etc/dhcpcd-lab.conf}. */
    public static final String DHCPCD_ARGS_PROPERTY = "dhcplease.dhcpcd.args";
    public static final String DHCPCD_ARGS_ENV = "DHCP_LEASE_DHCPCD_ARGS";

    public LinuxHost {
        Objects.requireNonNull(runner, "runner");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(state, "state");
        dhcpcdStartArgs = List.copyOf(dhcpcdStartArgs);
    }

    /** This machine, this JVM's namespace. */
    public static LinuxHost local() {
        Path root = Path.of("/");
        String args = System.getProperty(DHCPCD_ARGS_PROPERTY, System.getenv(DHCPCD_ARGS_ENV));
        return new LinuxHost(ProcessCommandRunner.direct(), root, namespaceOf(root.resolve("proc/self/ns/net")),
                StateStore.forThisMachine(), words(args));
    }

    /**
     * Named network namespace {@code ns} (as {@code ip netns add} made it): commands run under
     * {@code ip netns exec ns}, and only its processes count.
     */
    public static LinuxHost inNamespace(String ns, Path stateDir, List<String> dhcpcdStartArgs) throws IOException {
        Path handle = Path.of("/run/netns", ns);
        Object inode = Files.getAttribute(handle, "unix:ino");
        return new LinuxHost(ProcessCommandRunner.inNamespace(ns), Path.of("/"), "net:[" + inode + "]",
                new StateStore(stateDir), dhcpcdStartArgs);
    }

    public ProcessTable processes() {
        return new ProcessTable(root.resolve("proc"), netns);
    }

    /**
     * The trust rules ({@link ProcessTrust}) over this host's files.
     */
    public ProcessTrust trust() {
        return new ProcessTrust(safePaths(), this::file);
    }

    /**
     * Which files under {@link #root()} only root could have put there. What counts as root's is uid 0 and whoever
     * owns {@link #root()}: on a real machine that is root again; a unit test's fake tree belongs to the test's user.
     */
    public SafePaths safePaths() {
        int owner;
        try {
            owner = (Integer) Files.getAttribute(root, "unix:uid");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            owner = 0;
        }
        return new SafePaths(owner, root);
    }

    /** Whether this process may change leases: its effective uid is root's (/proc/self/status under {@link #root()}). */
    public boolean privileged() {
        try {
            for (String line : Files.readAllLines(file("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return "0".equals(line.substring(4).trim().split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }

    /** When this machine booted ({@code btime} of /proc/stat); empty when unknown. */
    public Optional<Instant> bootTime() {
        try {
            for (String line : Files.readAllLines(file("/proc/stat"))) {
                if (line.startsWith("btime ")) {
                    return Optional.of(Instant.ofEpochSecond(Long.parseLong(line.substring(6).trim())));
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** A path under {@link #root()}: {@code file("/var/lib/dhcp")}. */
    public Path file(String absolute) {
        return root.resolve(absolute.startsWith("/") ? absolute.substring(1) : absolute);
    }

    /** Whether commands run in this JVM's own namespace (then /sys describes the same interfaces). */
    public boolean sameNamespaceAsJvm() {
        return runner.prefix().isEmpty();
    }

    private static String namespaceOf(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null;
        }
    }

    private static List<String> words(String s) {
        return s == null || s.isBlank() ? List.of() : Arrays.asList(s.trim().split("\\s+"));
    }
}
