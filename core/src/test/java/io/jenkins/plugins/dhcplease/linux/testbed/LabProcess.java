package io.jenkins.plugins.dhcplease.linux.testbed;

import io.jenkins.plugins.dhcplease.linux.detect.ClientKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A client daemon of a lab, as /proc shows it: its command line, its ancestry, its session and cgroup. For checking
 * that a restarted client is the one that was there, and that it does not belong to the JVM that restarted it.
 */
public record LabProcess(long pid, String cmdline, long sid, String cgroup) {

    /** The daemon of {@code kind} for {@code ifname} in the lab (dhclient's waiting parent and dhcpcd's helpers excluded). */
    public static Optional<LabProcess> daemon(Testbed lab, ClientKind kind, String ifname) {
        List<LabProcess> found = new ArrayList<>();
        for (long pid : lab.labPids()) {
            of(pid).filter(p -> matches(p.cmdline, kind, ifname)).ifPresent(found::add);
        }
        // dhclient's foreground phase is a parent waiting for its child: the daemon is the one whose parent is not one
        return found.stream().filter(p -> found.stream().noneMatch(q -> q.pid == ppid(p.pid))).findFirst();
    }

    private static boolean matches(String cmdline, ClientKind kind, String ifname) {
        return switch (kind) {
            case DHCLIENT -> cmdline.contains("dhclient") && cmdline.endsWith(" " + ifname);
            case DHCPCD -> cmdline.startsWith("dhcpcd: " + ifname + " ");
            case UDHCPC -> cmdline.contains("udhcpc") && cmdline.contains(" " + ifname + " ");
            default -> false;
        };
    }

    /**
     * The command line with the program as its file name ({@code dhclient -4 …}): a client restarted from the system's
     * binary ({@code /usr/sbin/dhclient -4 …}) is the same command as the one the testbed started by name.
     */
    public String command() {
        int sp = cmdline.indexOf(' ');
        String prog = sp < 0 ? cmdline : cmdline.substring(0, sp);
        return prog.substring(prog.lastIndexOf('/') + 1) + (sp < 0 ? "" : cmdline.substring(sp));
    }

    public static Optional<LabProcess> of(long pid) {
        try {
            Path dir = Path.of("/proc", Long.toString(pid));
            String cmdline = new String(Files.readAllBytes(dir.resolve("cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ').strip();
            String[] stat = stat(pid);
            return Optional.of(new LabProcess(pid, cmdline, Long.parseLong(stat[3]), Files.readString(dir.resolve("cgroup"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The pids from this process up to init, by parent. */
    public List<Long> ancestors() {
        List<Long> out = new ArrayList<>();
        for (long p = ppid(pid); p > 0 && out.size() < 100; p = ppid(p)) {
            out.add(p);
        }
        return out;
    }

    /** Whether systemd is PID 1 here (then a restarted client must also be outside the JVM's cgroup). */
    public static boolean systemdIsInit() {
        return Files.isDirectory(Path.of("/run/systemd/system"));
    }

    private static long ppid(long pid) {
        try {
            return Long.parseLong(stat(pid)[1]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** /proc/PID/stat after the command name: state, ppid, pgrp, session, … */
    private static String[] stat(long pid) throws IOException {
        String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return s.substring(s.lastIndexOf(')') + 2).split(" ");
    }
}
