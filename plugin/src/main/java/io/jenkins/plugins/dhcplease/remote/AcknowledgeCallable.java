package io.jenkins.plugins.dhcplease.remote;

import io.jenkins.plugins.dhcplease.agent.LeaseJobs;
import jenkins.security.MasterToSlaveCallable;

/** The controller has the outcome: the agent's journal entry for it can go. */
public final class AcknowledgeCallable extends MasterToSlaveCallable<Boolean, RuntimeException> {

    private static final long serialVersionUID = 1L;

    private final String requestId;

    public AcknowledgeCallable(String requestId) {
        this.requestId = requestId;
    }

    @Override
    public Boolean call() {
        LeaseJobs.journalOnly().acknowledge(requestId);
        return Boolean.TRUE;
    }
}
