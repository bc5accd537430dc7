package io.jenkins.plugins.dhcplease.remote;

import io.jenkins.plugins.dhcplease.agent.LeaseJobs;
import io.jenkins.plugins.dhcplease.model.LeaseException;
import java.util.LinkedHashMap;
import jenkins.security.MasterToSlaveCallable;

/** After a reconnect: asks the agent's journal for the report of a request that was running when the channel dropped. */
public final class CollectCallable extends MasterToSlaveCallable<LinkedHashMap<String, Object>, RuntimeException> {

    private static final long serialVersionUID = 1L;

    private final String requestId;

    public CollectCallable(String requestId) {
        this.requestId = requestId;
    }

    @Override
    public LinkedHashMap<String, Object> call() {
        try {
            LeaseJobs jobs = LeaseJobs.journalOnly();
            if (!jobs.has(requestId)) {
                return WireResult.absent();
            }
            return jobs.collect(requestId).map(WireResult::done).orElseGet(WireResult::running);
        } catch (LeaseException e) {
            return WireResult.refused(e);
        } catch (RuntimeException e) {
            return WireResult.unexpected(e);
        }
    }
}
