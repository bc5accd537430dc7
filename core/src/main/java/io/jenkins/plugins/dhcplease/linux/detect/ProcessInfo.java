package io.jenkins.plugins.dhcplease.linux.detect;

import java.util.List;

/**
 * One process from /proc, as the kernel reports it. Only {@link #uid}, {@link #euid} and {@link #exe} come from the
 * kernel alone; {@code argv} and {@code comm} are whatever the process chose to show, and {@link ProcessTrust}
 * decides whether they are believed.
 *
 * @param argv its command line split at NUL; daemons that rewrite their title (dhcpcd) show that title as one word
 * @param comm the kernel's short name (15 characters at most; the process may set it)
 * @param uid  real uid from /proc/PID/status; -1 when unreadable
 * @param euid effective uid from /proc/PID/status; -1 when unreadable
 * @param exe  the target of /proc/PID/exe (the binary the kernel runs, with " (deleted)" when it was removed since);
 *             null when it cannot be read (another user's process, seen without root)
 * @param ppid its parent's pid (PPid of /proc/PID/status); -1 when unreadable
 */
public record ProcessInfo(long pid, List<String> argv, String comm, int uid, int euid, String exe, long ppid) {

    static final String DELETED = " (deleted)";

    public ProcessInfo {
        argv = List.copyOf(argv);
    }

    /**
     * The program's name: the file name of the binary it runs; for busybox the applet, which busybox chooses from
     * its argv[0] (or argv[1] after {@code busybox}). When the binary is unknown, the name the process shows.
     */
    public String program() {
        if (exe != null) {
            String binary = baseName(exe.endsWith(DELETED) ? exe.substring(0, exe.length() - DELETED.length()) : exe);
            return "busybox".equals(binary) ? applet() : binary;
        }
        return argv.isEmpty() ? comm : applet();
    }

    /** The name the process shows for itself (argv[0], busybox's applet): what it claims to be. */
    public String claimedProgram() {
        return argv.isEmpty() ? comm : applet();
    }

    private String applet() {
        if (argv.isEmpty()) {
            return "busybox";
        }
        String first = baseName(argv.get(0));
        if ("busybox".equals(first) && argv.size() > 1) {
            return baseName(argv.get(1));
        }
        return first;
    }

    /** The arguments after the program (and after busybox's applet name). */
    public List<String> args() {
        if (argv.isEmpty()) {
            return List.of();
        }
        int skip = "busybox".equals(baseName(argv.get(0))) && argv.size() > 1 ? 2 : 1;
        return argv.subList(skip, argv.size());
    }

    /** The whole command line as one string (what ps shows). */
    public String commandLine() {
        return String.join(" ", argv);
    }

    static String baseName(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }
}
