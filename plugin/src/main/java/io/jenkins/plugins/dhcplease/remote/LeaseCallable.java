package io.jenkins.plugins.dhcplease.remote;

import hudson.model.TaskListener;
import hudson.remoting.Channel;
import io.jenkins.plugins.dhcplease.agent.LeaseJobs;
import io.jenkins.plugins.dhcplease.engine.LeaseLog;
import io.jenkins.plugins.dhcplease.model.LeaseException;
import io.jenkins.plugins.dhcplease.model.LeaseReport;
import io.jenkins.plugins.dhcplease.model.LeaseRequest;
import java.util.LinkedHashMap;
import jenkins.security.MasterToSlaveCallable;

/**
 * Runs one request on the agent. The request is plain values; JNA and the backends are touched only inside
 * {@link #call()} (through core's {@link LeaseJobs}), so the controller never loads them. The work runs in a job
 * process of its own on the agent, journaled on its disk: a dropped channel, a class loader that can no longer reach
 * the controller, or the agent JVM's exit ends only this wait, not the operation.
 */
public final class LeaseCallable extends MasterToSlaveCallable<LinkedHashMap<String, Object>, InterruptedException> {

    private static final long serialVersionUID = 1L;
    /** How long the answer gets to leave before the agent ends a channel whose local address went away. */
    static final long CLOSE_DELAY_MILLIS = 1_000;

    private final LeaseRequest request;
    private final TaskListener listener;
    private final String function;

    public LeaseCallable(LeaseRequest request, TaskListener listener, String function) {
        this.request = request;
        this.listener = listener;
        this.function = function;
    }

    @Override
    public LinkedHashMap<String, Object> call() throws InterruptedException {
        Channel channel = Channel.current();
        ListenerLog log = new ListenerLog(listener, function);
        // Everything the answer needs is loaded now: once the adapter is released the controller may be unreachable.
        WireResult.warmUp();
        try {
            LeaseReport report = LeaseJobs.onThisAgent().start(request, ProcessHandle.current().pid(), log).await();
            LinkedHashMap<String, Object> answer = WireResult.done(report);
            if (channel != null && report.movedAgentConnection()) {
                closeSoon(channel);
            }
            return answer;
        } catch (LeaseException e) {
            return WireResult.refused(e);
        } catch (RuntimeException e) {
            return WireResult.unexpected(e);
        }
    }

    /**
     * Ending a channel whose address went away makes an inbound agent reconnect from the new address (and a launched
     * agent be relaunched), and the controller collects the journaled outcome.
     */
    private static void closeSoon(Channel channel) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(CLOSE_DELAY_MILLIS);
                channel.close();
            } catch (Exception e) {
                // already closing
            }
        }, "dhcp-lease: end the channel whose address went away");
        t.setDaemon(true);
        t.start();
    }

    /** Progress lines to the build log; never throws, even once the channel is gone. */
    static final class ListenerLog implements LeaseLog {
        private final TaskListener listener;
        private final String prefix;

        ListenerLog(TaskListener listener, String function) {
            this.listener = listener;
            this.prefix = function + ": ";
        }

        @Override
        public void line(String line) {
            try {
                // PrintStream swallows I/O errors; a remote stream over a dead channel may still throw unchecked.
                listener.getLogger().println(prefix + line);
            } catch (RuntimeException ignored) {
                // the journal keeps the result; the log line is lost with the channel
            }
        }
    }
}
