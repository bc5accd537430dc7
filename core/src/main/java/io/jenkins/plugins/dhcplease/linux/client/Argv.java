package io.jenkins.plugins.dhcplease.linux.client;

import java.util.ArrayList;
import java.util.List;

/** Argument-vector helpers for re-running a daemon's own command line. */
final class Argv {
    private Argv() {
    }

    /** {@code argv} with {@code flag} right after the program (and after busybox's applet name). */
    static List<String> withFlag(List<String> argv, String... flags) {
        List<String> out = new ArrayList<>(argv);
        int at = argv.size() > 1 && argv.get(0).endsWith("busybox") ? 2 : Math.min(1, argv.size());
        out.addAll(at, List.of(flags));
        return out;
    }

    static List<String> of(Object... words) {
        List<String> out = new ArrayList<>();
        for (Object w : words) {
            if (w instanceof List<?> l) {
                l.forEach(x -> out.add(String.valueOf(x)));
            } else {
                out.add(String.valueOf(w));
            }
        }
        return out;
    }
}
