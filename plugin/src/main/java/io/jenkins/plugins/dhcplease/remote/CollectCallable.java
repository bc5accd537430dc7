package io.jenkins.plugins.dhcplease.remote;

import io.jenkins.plugins.dhcplease.agent.DhcpClients;
import io.jenkins.plugins.dhcplease.agent.LeaseJobs;
import io.jenkins.plugins.dhcplease.agent.OwnConnections;
import io.jenkins.plugins.dhcplease.model.LeaseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import jenkins.security.MasterToSlaveCallable;

/** After a reconnect: asks the agent's journal for the report of a request that was running when the channel dropped. */
public final class CollectCallable extends MasterToSlaveCallable<LinkedHashMap<String, Object>, RuntimeException> {

    private static final long serialVersionUID = 1L;

    private final String requestId;
    private final boolean withAddresses;

    /** Where this agent's connections leave from now: the build log says where it reconnected from. */
    private static List<String> agentAddresses() {
        try {
            return OwnConnections.localAddresses(DhcpClients.forThisMachine(), ProcessHandle.current().pid());
        } catch (LeaseException | RuntimeException | LinkageError e) {
            return List.of();
        }
    }

    /**
     * @param withAddresses also say where the agent's connections leave from now: asked once, for the "reconnected
     *                      from" line, not on every poll (it lists the agent process's sockets)
     */
    public CollectCallable(String requestId, boolean withAddresses) {
        this.requestId = requestId;
        this.withAddresses = withAddresses;
    }

    @Override
    public LinkedHashMap<String, Object> call() {
        try {
            LeaseJobs jobs = LeaseJobs.journalOnly();
            LinkedHashMap<String, Object> answer = !jobs.has(requestId) ? WireResult.absent()
                    : jobs.collect(requestId).map(WireResult::done).orElseGet(WireResult::running);
            if (withAddresses) {
                answer.put(WireResult.AGENT_ADDRESSES, new ArrayList<>(agentAddresses()));
            }
            return answer;
        } catch (LeaseException e) {
            return WireResult.refused(e);
        } catch (RuntimeException e) {
            return WireResult.unexpected(e);
        }
    }
}
