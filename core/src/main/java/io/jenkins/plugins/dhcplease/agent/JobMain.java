package io.jenkins.plugins.dhcplease.agent;

import java.nio.file.Path;

/**
 * The job process: {@code java -cp <core>[:<jna>] JobMain <journal dir> <request id>}. It outlives the agent JVM
 * and its channel (durable-task's pattern): everything it needs is on this machine's disk.
 */
public final class JobMain {

    private JobMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: JobMain <journal dir> <request id>");
            System.exit(2);
        }
        JobRunner.run(new LeaseJournal(Path.of(args[0])), args[1], JobRunner.THIS_MACHINE);
        System.exit(0);
    }
}
