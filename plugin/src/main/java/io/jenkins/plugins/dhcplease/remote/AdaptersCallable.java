package io.jenkins.plugins.dhcplease.remote;

import io.jenkins.plugins.dhcplease.agent.AgentInventory;
import io.jenkins.plugins.dhcplease.model.LeaseException;
import io.jenkins.plugins.dhcplease.model.NetworkAdapter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import jenkins.security.MasterToSlaveCallable;

/**
 * Lists the agent's adapters (read-only) in the agent JVM: nothing changes, so no job process is needed. Plain maps
 * only on the wire: {@code status: done, adapters: [...], available: ['Ethernet (index 4)', ...]}, or a refusal as
 * {@link WireResult#refused} writes it.
 */
public final class AdaptersCallable extends MasterToSlaveCallable<LinkedHashMap<String, Object>, RuntimeException> {

    private static final long serialVersionUID = 1L;

    private final String selector;
    private final String controllerHost;
    private final int controllerPort;

    public AdaptersCallable(String selector, String controllerHost, int controllerPort) {
        this.selector = selector;
        this.controllerHost = controllerHost;
        this.controllerPort = controllerPort;
    }

    @Override
    public LinkedHashMap<String, Object> call() {
        try {
            AgentInventory.Listing listing = AgentInventory.onThisAgent(selector, ProcessHandle.current().pid(),
                    controllerHost, controllerPort);
            LinkedHashMap<String, Object> m = new LinkedHashMap<>();
            m.put(WireResult.STATUS, WireResult.DONE);
            m.put("adapters", new ArrayList<>(listing.matched()));
            m.put("available", new ArrayList<>(listing.all().stream().map(NetworkAdapter::label).toList()));
            return m;
        } catch (LeaseException e) {
            return WireResult.refused(e);
        } catch (RuntimeException e) {
            return WireResult.unexpected(e);
        }
    }
}
