package io.jenkins.plugins.dhcplease.linux.detect;

import java.util.List;

/**
 * One process from /proc.
 *
 * @param argv its command line split at NUL; daemons that rewrite their title (dhcpcd) show that title as one word
 * @param comm the kernel's short name (15 characters at most)
 */
public record ProcessInfo(long pid, List<String> argv, String comm) {

    public ProcessInfo {
        argv = List.copyOf(argv);
    }

    /** The program's file name without its directory; busybox applets answer with the applet's name. */
    public String program() {
        if (argv.isEmpty()) {
            return comm;
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

    private static String baseName(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }
}
