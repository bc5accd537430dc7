package io.jenkins.plugins.dhcplease.steps;

import hudson.AbortException;
import hudson.model.Computer;
import hudson.model.TaskListener;
import hudson.remoting.Callable;
import hudson.remoting.Channel;
import hudson.remoting.ChannelClosedException;
import hudson.remoting.RequestAbortedException;
import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.dhcplease.model.LeaseException;
import io.jenkins.plugins.dhcplease.model.LeaseReport;
import io.jenkins.plugins.dhcplease.model.LeaseRequest;
import io.jenkins.plugins.dhcplease.model.OutcomeLine;
import io.jenkins.plugins.dhcplease.remote.CollectCallable;
import io.jenkins.plugins.dhcplease.remote.LeaseCallable;
import io.jenkins.plugins.dhcplease.remote.WireResult;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jenkins.model.Jenkins;

/**
 * One request on one agent, surviving a dropped connection. The agent runs the job on a thread of its own and
 * journals the result under the request id; when the channel closes mid-call this waits for the agent to come back
 * (re-resolved by name, as durable steps do) and collects the journaled report through the new channel. Every wait
 * is bounded by the step's timeout, counted from the moment the connection dropped, and stops at once when the
 * build is aborted (the thread is interrupted).
 */
final class AgentCall {

    /** How often the controller looks for the agent and asks its journal. */
    static final long POLL_MILLIS = 1000;
    /** Beyond the request's own timeout, how long an answer may take before the agent counts as unreachable:
     *  a dead TCP connection is noticed by the channel pinger only after minutes. */
    static final long SILENCE_GRACE_MILLIS = TimeUnit.SECONDS.toMillis(30);
    /** The least time a journal lookup through a new channel gets, even right at the deadline. */
    static final long MIN_COLLECT_MILLIS = TimeUnit.SECONDS.toMillis(5);

    private final String function;
    private final String agentName;
    private final TaskListener listener;

    AgentCall(String function, String agentName, TaskListener listener) {
        this.function = function;
        this.agentName = agentName;
        this.listener = listener;
    }

    LeaseReport run(VirtualChannel channel, LeaseRequest request) throws IOException, InterruptedException, LeaseException {
        Map<String, Object> answer;
        try {
            answer = boundedCall(channel, new LeaseCallable(request, listener, function),
                    request.timeoutMillis() + 2 * SILENCE_GRACE_MILLIS);
        } catch (IOException | RequestAbortedException e) {
            if (!isChannelDrop(e)) {
                throw e;
            }
            return awaitReconnect(request, e);
        }
        return WireResult.decode(answer).orElseThrow(() -> new IllegalStateException("the agent answered 'running' to a run request"));
    }

    private LeaseReport awaitReconnect(LeaseRequest request, Exception drop) throws IOException, InterruptedException, LeaseException {
        long budgetSeconds = request.timeout().toSeconds();
        listener.getLogger().println(Messages.Agent_Disconnected(function, agentName, request.action().word(),
                describe(drop), String.valueOf(budgetSeconds)));
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(budgetSeconds);
        boolean announced = false;
        while (true) {
            VirtualChannel channel = currentChannel();
            if (channel != null) {
                try {
                    // A fresh channel may first load our classes; a dead one must not hold us far past the deadline.
                    long wait = Math.min(SILENCE_GRACE_MILLIS, Math.max(MIN_COLLECT_MILLIS,
                            TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                    Map<String, Object> answer = boundedCall(channel, new CollectCallable(request.id()), wait);
                    if (!announced) {
                        listener.getLogger().println(Messages.Agent_Reconnected(function, agentName,
                                OutcomeLine.seconds(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))));
                        announced = true;
                    }
                    Optional<LeaseReport> report = decodeCollected(answer, request);
                    if (report.isPresent()) {
                        return report.get();
                    }
                } catch (IOException | RequestAbortedException e) {
                    if (!isChannelDrop(e)) {
                        throw e;
                    }
                    // the old channel is still closing, or the agent dropped again: keep waiting
                }
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new AbortException(Messages.Agent_NeverReconnected(function, agentName, String.valueOf(budgetSeconds),
                        request.action().word()));
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    private Optional<LeaseReport> decodeCollected(Map<String, Object> answer, LeaseRequest request) throws AbortException {
        try {
            return WireResult.decode(answer);
        } catch (LeaseException e) {
            // The request ended in a refusal, or the agent JVM restarted and lost its journal.
            throw new AbortException(Messages.Agent_ResultLost(function, agentName, request.action().word(), e.getMessage()));
        }
    }

    /**
     * {@link VirtualChannel#call} with a deadline. An agent that stays silent past it counts as disconnected
     * ({@link ChannelClosedException}); interrupting the caller cancels the remote call.
     */
    private static <V> V boundedCall(VirtualChannel channel, Callable<V, ?> callable, long millis)
            throws IOException, InterruptedException {
        Future<V> future = channel.callAsync(callable);
        try {
            return future.get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new ChannelClosedException((Channel) null, "no answer from the agent within "
                    + OutcomeLine.seconds(millis), e);
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InterruptedException) {
                // The agent interrupted its request thread: it does so when its channel terminates. The job itself
                // keeps running there, so look for its result as after any other drop.
                throw new ChannelClosedException((Channel) null, "the agent interrupted the call", cause);
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IOException(cause);
        }
    }

    private VirtualChannel currentChannel() {
        Computer computer = Jenkins.get().getComputer(agentName);
        return computer == null ? null : computer.getChannel();
    }

    private static String describe(Throwable t) {
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }

    /** A closed or closing channel, as opposed to a failure of the call itself. */
    static boolean isChannelDrop(Throwable t) {
        return t instanceof RequestAbortedException || t instanceof ChannelClosedException
                || Channel.isClosedChannelException(t);
    }
}
