package io.jenkins.plugins.dhcplease.linux.command;

import io.jenkins.plugins.dhcplease.engine.Deadline;
import java.util.List;

/**
 * Runs one program with an argument vector (never a shell) and waits for it no longer than a deadline.
 *
 * <p>The seam that lets tests run every command inside a network namespace: a JVM cannot switch its own.
 */
public interface CommandRunner {

    /** Runs {@code argv}; at the deadline the process is killed and the result says so. */
    default CommandResult run(List<String> argv, Deadline deadline) throws InterruptedException {
        return run(argv, null, deadline);
    }

    /** Runs {@code argv} with {@code stdin} (null: none) as its standard input. */
    CommandResult run(List<String> argv, String stdin, Deadline deadline) throws InterruptedException;

    /** The words put in front of every command ({@code ip netns exec NS}); empty in production. */
    List<String> prefix();
}
