package io.jenkins.plugins.dhcplease.agent;

import java.io.IOException;

/** Starts the job for a journaled request somewhere that outlives the caller. */
interface JobStarter {

    /** A started job: whether it still runs, while its journal entry does not say yet. */
    interface Started {
        boolean alive();
    }

    Started start(LeaseJournal journal, String id) throws IOException;

    /** A thread of this JVM: for tests, and where no job process can be started. Dies with this JVM. */
    static JobStarter inThisJvm(JobRunner.EngineFactory engines) {
        return (journal, id) -> {
            Thread t = new Thread(() -> {
                try {
                    JobRunner.run(journal, id, engines);
                } catch (IOException e) {
                    journal.appendLine(id, "the job could not read or write its journal: " + e.getMessage());
                }
            }, "dhcp-lease job " + id);
            t.setDaemon(false); // a release-then-renew in flight should finish even while the JVM winds down
            t.start();
            return t::isAlive;
        };
    }
}
