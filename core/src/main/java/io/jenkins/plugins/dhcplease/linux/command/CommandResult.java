package io.jenkins.plugins.dhcplease.linux.command;

import java.util.List;

/**
 * How one command ended.
 *
 * @param argv      what ran, prefix included
 * @param exitCode  the exit status; -1 when it could not start or was killed at the deadline
 * @param stdout    standard output (may be incomplete when a daemon it forked keeps writing)
 * @param stderr    standard error
 * @param timedOut  killed because the deadline passed
 * @param startError why it could not start (no such program, permission), else null
 * @param millis    wall time
 */
public record CommandResult(List<String> argv, int exitCode, String stdout, String stderr, boolean timedOut,
        String startError, long millis) {

    public CommandResult {
        argv = List.copyOf(argv);
    }

    public boolean ok() {
        return exitCode == 0 && !timedOut && startError == null;
    }

    /** The command line as a user would type it; for messages only, never executed. */
    public String commandLine() {
        return String.join(" ", argv);
    }

    /** One sentence for a message: what ran and how it ended, with its last lines of stderr. */
    public String describe() {
        StringBuilder sb = new StringBuilder("'").append(commandLine()).append("'");
        if (startError != null) {
            sb.append(" could not start: ").append(startError);
        } else if (timedOut) {
            sb.append(" was still running at the deadline after ").append(millis).append(" ms and was killed");
        } else {
            sb.append(" exited with ").append(exitCode).append(" after ").append(millis).append(" ms");
        }
        String err = lastLines(stderr.isBlank() ? stdout : stderr, 3);
        if (!err.isEmpty()) {
            sb.append("; it said: ").append(err);
        }
        return sb.toString();
    }

    private static String lastLines(String text, int n) {
        List<String> lines = text.strip().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        return String.join(" / ", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }
}
