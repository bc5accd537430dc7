package io.jenkins.plugins.dhcplease.linux;

import io.jenkins.plugins.dhcplease.linux.command.FakeCommandRunner;
import io.jenkins.plugins.dhcplease.linux.state.StateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/** A file tree standing in for /proc, /run and /var/lib, with a recording command runner: for unit tests. */
public final class FakeMachine {

    public static final String NETNS = "net:[4026531840]";

    public final Path root;
    public final FakeCommandRunner runner = new FakeCommandRunner();

    /** The programs the drivers run, as the system directories hold them (see SystemBinaries). */
    public static final List<String> PROGRAMS = List.of("/usr/sbin/dhclient", "/usr/sbin/dhcpcd", "/usr/bin/busybox",
            "/usr/sbin/udhcpc", "/usr/bin/kill", "/usr/bin/nmcli", "/usr/bin/networkctl", "/usr/bin/setsid",
            "/usr/bin/systemctl", "/usr/bin/systemd-run");

    /** A tree with every program of {@link #PROGRAMS} installed. */
    public FakeMachine(Path root) {
        this.root = root;
        try {
            for (String p : PROGRAMS) {
                Path f = root.resolve(p.substring(1));
                Files.createDirectories(f.getParent());
                Files.writeString(f, "#!/bin/sh\nexit 0\n");
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        runningAs(0);
    }

    /** The uid dhcp-lease runs as on this machine. */
    public FakeMachine runningAs(int uid) {
        try {
            file("/proc/self/status", "Name:\tjava\nUid:\t" + uid + "\t" + uid + "\t" + uid + "\t" + uid + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public LinuxHost host(String... dhcpcdArgs) {
        return new LinuxHost(runner, root, NETNS, new StateStore(root.resolve("state")), List.of(dhcpcdArgs));
    }

    /** A process in this machine's namespace. */
    public FakeMachine process(long pid, String comm, String... argv) throws IOException {
        return processIn(NETNS, pid, comm, argv);
    }

    public FakeMachine processIn(String netns, long pid, String comm, String... argv) throws IOException {
        return process(netns, pid, 0, binaryOf(comm, argv), comm, argv);
    }

    /**
     * A process of {@code uid} whose kernel-side binary is {@code exe} (an absolute path of this machine, created as
     * an executable file when missing), showing {@code argv}.
     */
    public FakeMachine process(String netns, long pid, int uid, String exe, String comm, String... argv) throws IOException {
        return process(netns, pid, 1, uid, exe, comm, argv);
    }

    /** As above, a child of {@code ppid}. */
    public FakeMachine process(String netns, long pid, long ppid, int uid, String exe, String comm, String... argv)
            throws IOException {
        Path binary = root.resolve(exe.substring(1));
        if (!Files.exists(binary)) {
            file(exe, "#!/bin/false\n");
        }
        Path dir = Files.createDirectories(root.resolve("proc/" + pid + "/ns"));
        Files.writeString(dir.getParent().resolve("status"), "Name:\t" + comm + "\nPPid:\t" + ppid + "\nUid:\t" + uid
                + "\t" + uid + "\t" + uid + "\t" + uid + "\n");
        Files.createSymbolicLink(dir.getParent().resolve("exe"), Path.of(exe));
        Files.write(dir.getParent().resolve("cmdline"), (String.join("\0", argv) + "\0").getBytes(StandardCharsets.UTF_8));
        Files.writeString(dir.getParent().resolve("comm"), comm + "\n");
        Files.writeString(dir.getParent().resolve("stat"), pid + " (" + comm + ") S 1 1 1 0 -1 4194560 500 182 0 0 0");
        Files.createSymbolicLink(dir.resolve("net"), Path.of(netns));
        return this;
    }

    /** The system binary a daemon showing {@code comm} and {@code argv} runs. */
    static String binaryOf(String comm, String... argv) {
        String first = argv.length == 0 ? comm : argv[0].substring(argv[0].lastIndexOf('/') + 1);
        if (first.equals("busybox") || comm.equals("udhcpc")) {
            return "/bin/busybox";
        }
        if (comm.equals("systemd-network")) {
            return "/usr/lib/systemd/systemd-networkd";
        }
        return "/usr/sbin/" + comm;
    }

    public FakeMachine file(String absolute, String content) throws IOException {
        Path f = root.resolve(absolute.substring(1));
        Files.createDirectories(f.getParent());
        Files.writeString(f, content);
        return this;
    }
}
