package io.jenkins.plugins.dhcplease.remote;

import hudson.model.TaskListener;
import io.jenkins.plugins.dhcplease.agent.LeaseJobs;
import io.jenkins.plugins.dhcplease.engine.LeaseLog;
import io.jenkins.plugins.dhcplease.model.LeaseException;
import io.jenkins.plugins.dhcplease.model.LeaseRequest;
import java.util.LinkedHashMap;
import jenkins.security.MasterToSlaveCallable;

/**
 * Runs one request on the agent. The request is plain values; JNA and the backends are touched only inside
 * {@link #call()} (through core's {@link LeaseJobs}), so the controller never loads them. The job runs on an agent
 * thread of its own and is journaled there, so a dropped channel interrupts only this wait, not the job.
 */
public final class LeaseCallable extends MasterToSlaveCallable<LinkedHashMap<String, Object>, InterruptedException> {

    private static final long serialVersionUID = 1L;

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
        try {
            return WireResult.done(LeaseJobs.run(request, new ListenerLog(listener, function)));
        } catch (LeaseException e) {
            return WireResult.refused(e);
        } catch (RuntimeException e) {
            return WireResult.unexpected(e);
        }
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
