package io.jenkins.plugins.dhcplease.linux.client;

import io.jenkins.plugins.dhcplease.files.SafePaths;
import io.jenkins.plugins.dhcplease.linux.LinuxHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The programs the drivers run, found by name in the fixed system directories, never taken from {@code argv[0]} of a
 * process or from PATH: a program counts only when {@link SafePaths} (the trust rules' file test) finds it root's
 * alone, links and every directory above it included.
 */
public final class SystemBinaries {

    /** Searched in this order. */
    public static final List<String> DIRS = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin");

    private final LinuxHost host;

    public SystemBinaries(LinuxHost host) {
        this.host = host;
    }

    /** The absolute path of {@code name} (as the command names it, "/usr/sbin/dhclient"), if installed and trusted. */
    public Optional<String> find(String name) {
        if (name.isEmpty() || name.contains("/")) {
            return Optional.empty();
        }
        SafePaths safe = host.safePaths();
        for (String dir : DIRS) {
            Path f = host.file(dir + "/" + name);
            if (Files.isExecutable(f) && safe.regularFile(f).isEmpty()) {
                return Optional.of(dir + "/" + name);
            }
        }
        return Optional.empty();
    }

    /** {@link #find} or a {@link Missing} that says where it was looked for. */
    public String require(String name) throws Missing {
        return find(name).orElseThrow(() -> new Missing(name));
    }

    /**
     * {@code argv} with its program replaced by the system binary: {@code program} itself, or busybox when
     * {@code argv} runs the applet through busybox ({@code busybox udhcpc …}).
     */
    public List<String> command(List<String> argv, String program) throws Missing {
        List<String> out = new ArrayList<>(argv);
        if (out.isEmpty()) {
            out.add(program);
        }
        boolean viaBusybox = baseName(out.get(0)).equals("busybox") && out.size() > 1;
        out.set(0, require(viaBusybox ? "busybox" : program));
        return out;
    }

    /** {@code kill}: procps' program, else busybox's applet (minimal images have no procps). */
    public List<String> kill(String signal, long pid) throws Missing {
        List<String> args = List.of("-" + signal, Long.toString(pid));
        Optional<String> kill = find("kill");
        if (kill.isPresent()) {
            return Argv.of(kill.get(), args);
        }
        return Argv.of(require("busybox"), "kill", args);
    }

    private static String baseName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** A program the drivers need is not installed where they look for it. */
    public static final class Missing extends Exception {
        private final String name;

        Missing(String name) {
            super(name + " is not installed in " + String.join(", ", DIRS) + " (as a program owned by root and"
                    + " writable by nobody else; dhcp-lease runs nothing from PATH or from a process's command line)");
            this.name = name;
        }

        public String program() {
            return name;
        }
    }
}
