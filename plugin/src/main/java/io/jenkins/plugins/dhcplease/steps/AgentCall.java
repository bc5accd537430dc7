package io.jenkins.plugins.dhcplease.steps;

import hudson.AbortException;
import hudson.model.Computer;
import hudson.model.TaskListener;
import hudson.remoting.Callable;
import hudson.remoting.Channel;
import hudson.remoting.RequestAbortedException;
import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.dhcplease.model.LeaseException;
import io.jenkins.plugins.dhcplease.model.LeaseReport;
import io.jenkins.plugins.dhcplease.model.LeaseRequest;
import io.jenkins.plugins.dhcplease.model.OutcomeLine;
import io.jenkins.plugins.dhcplease.remote.AcknowledgeCallable;
import io.jenkins.plugins.dhcplease.remote.CollectCallable;
import io.jenkins.plugins.dhcplease.remote.LeaseCallable;
import io.jenkins.plugins.dhcplease.remote.PingCallable;
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
 * One request on one agent, surviving a dropped or silently dead connection. The agent runs the request in a job
 * process of its own and journals the outcome; while it runs, this pings the agent, and a channel that stays silent
 * for {@link #SILENCE_MILLIS} is closed (the operation may have moved the agent's address: neither side would notice
 * for minutes). It then waits for the agent to come back (re-resolved by name, as durable steps do), collects the
 * journaled report through the new channel, and acknowledges it so the agent can drop its record. The step ends
 * within the request's timeout plus {@link #MARGIN_MILLIS}, and at once when the build is aborted.
 */
final class AgentCall {

    /** How often the channel is pinged while the request runs. */
    static final long PING_EVERY_MILLIS = 2_000;
    /** A ping unanswered this long means the connection is dead (the agent answers pings while it works). */
    static final long SILENCE_MILLIS = 10_000;
    /** Beyond the request's timeout, what a reconnect and the collect may add. */
    static final long MARGIN_MILLIS = TimeUnit.SECONDS.toMillis(60);
    /** How often the controller looks for the agent and asks its journal after a drop. */
    static final long POLL_MILLIS = 1_000;
    /** The longest one journal lookup or acknowledgement through a channel may take. */
    static final long SMALL_CALL_MILLIS = 10_000;

    private final String function;
    private final String agentName;
    private final TaskListener listener;

    AgentCall(String function, String agentName, TaskListener listener) {
        this.function = function;
        this.agentName = agentName;
        this.listener = listener;
    }

    LeaseReport run(VirtualChannel channel, LeaseRequest request) throws IOException, InterruptedException, LeaseException {
        long started = System.nanoTime();
        long deadline = started + TimeUnit.MILLISECONDS.toNanos(request.timeoutMillis() + MARGIN_MILLIS);
        Map<String, Object> answer;
        try {
            answer = awaitAnswer(channel, channel.callAsync(new LeaseCallable(request, listener, function)), request, deadline);
        } catch (Dropped d) {
            listener.getLogger().println(Messages.Agent_Disconnected(function, agentName, request.action().word(),
                    d.getMessage(), seconds(deadline - System.nanoTime())));
            return awaitReconnect(request, System.nanoTime(), deadline);
        } catch (IOException e) {
            if (isChannelDrop(e)) {
                listener.getLogger().println(Messages.Agent_Disconnected(function, agentName, request.action().word(),
                        "the connection was already closed", seconds(deadline - System.nanoTime())));
                return awaitReconnect(request, System.nanoTime(), deadline);
            }
            throw e;
        }
        LeaseReport report = WireResult.decode(answer).orElseThrow(
                () -> new IllegalStateException("the agent answered 'running' to a run request"));
        acknowledge(channel, request);
        return report;
    }

    /** After a controller restart: the journaled outcome, through whatever channel the agent has now. */
    LeaseReport collect(LeaseRequest request) throws IOException, InterruptedException, LeaseException {
        long now = System.nanoTime();
        return awaitReconnect(request, now, now + TimeUnit.MILLISECONDS.toNanos(request.timeoutMillis() + MARGIN_MILLIS));
    }

    /** The answer, pinging the channel meanwhile; {@link Dropped} when the channel closed or went silent. */
    private <M extends Map<String, Object>> M awaitAnswer(VirtualChannel channel, Future<M> answer,
                                            LeaseRequest request, long deadline)
            throws Dropped, IOException, InterruptedException {
        Future<Boolean> ping = null;
        long pingSent = 0;
        try {
            while (true) {
                try {
                    return answer.get(PING_EVERY_MILLIS, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    // still running: look at the channel below
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (isChannelDrop(cause) || cause instanceof InterruptedException) {
                        // the agent interrupts its request thread when its channel ends; the job goes on there
                        throw new Dropped("the connection closed");
                    }
                    throw rethrow(cause);
                }
                long now = System.nanoTime();
                if (ping != null && ping.isDone()) {
                    ping = null;
                }
                if (ping == null) {
                    ping = channel.callAsync(new PingCallable());
                    pingSent = now;
                } else if (now - pingSent > TimeUnit.MILLISECONDS.toNanos(SILENCE_MILLIS)) {
                    String silent = OutcomeLine.seconds(TimeUnit.NANOSECONDS.toMillis(now - pingSent));
                    listener.getLogger().println(Messages.Agent_Silent(function, agentName, silent, request.action().word()));
                    close(channel);
                    throw new Dropped("no answer for " + silent);
                }
                if (now - deadline >= 0) {
                    throw new Dropped("no answer within the timeout of " + OutcomeLine.seconds(request.timeoutMillis()));
                }
            }
        } catch (IOException | RequestAbortedException e) {
            if (isChannelDrop(e)) {
                throw new Dropped("the connection closed");
            }
            throw e;
        } catch (InterruptedException e) {
            answer.cancel(true);
            throw e;
        }
    }

    private LeaseReport awaitReconnect(LeaseRequest request, long dropped, long deadline)
            throws IOException, InterruptedException, LeaseException {
        boolean announced = false;
        boolean resent = false;
        while (true) {
            VirtualChannel channel = currentChannel();
            if (channel != null) {
                try {
                    Map<String, Object> answer = boundedCall(channel, new CollectCallable(request.id(), !announced),
                            SMALL_CALL_MILLIS);
                    if (!announced) {
                        listener.getLogger().println(Messages.Agent_Reconnected(function, agentName,
                                OutcomeLine.seconds(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - dropped)),
                                WireResult.from(answer)));
                        announced = true;
                    }
                    if (WireResult.isAbsent(answer) && !resent) {
                        // The request never reached the agent's journal: nothing was done there, so it is safe to send.
                        resent = true;
                        listener.getLogger().println(Messages.Agent_NotStarted(function, agentName, request.action().word()));
                        try {
                            Map<String, Object> again = awaitAnswer(channel,
                                    channel.callAsync(new LeaseCallable(request, listener, function)), request, deadline);
                            LeaseReport report = WireResult.decode(again).orElseThrow(
                                    () -> new IllegalStateException("the agent answered 'running' to a run request"));
                            acknowledge(channel, request);
                            return report;
                        } catch (Dropped d) {
                            listener.getLogger().println(Messages.Agent_Disconnected(function, agentName,
                                    request.action().word(), d.getMessage(), seconds(deadline - System.nanoTime())));
                            dropped = System.nanoTime();
                            announced = false;
                            continue;
                        }
                    }
                    Optional<LeaseReport> report = decodeCollected(answer, request);
                    if (report.isPresent()) {
                        acknowledge(channel, request);
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
                throw new AbortException(Messages.Agent_NeverReconnected(function, agentName,
                        seconds(deadline - dropped), request.action().word()));
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    private Optional<LeaseReport> decodeCollected(Map<String, Object> answer, LeaseRequest request) throws AbortException {
        try {
            if (WireResult.isAbsent(answer)) {
                throw new LeaseException(LeaseException.Kind.LOST, "the agent has no record of it although it was sent"
                        + " again through the new connection. Check the adapter with a dry run.");
            }
            return WireResult.decode(answer);
        } catch (LeaseException e) {
            // The request ended in a refusal, or the agent has no usable record of it.
            throw new AbortException(Messages.Agent_ResultLost(function, agentName, request.action().word(), e.getMessage()));
        }
    }

    /** The agent may drop its record now; if this is lost, the record is pruned after a day. */
    private static void acknowledge(VirtualChannel channel, LeaseRequest request) throws InterruptedException {
        try {
            boundedCall(channel, new AcknowledgeCallable(request.id()), SMALL_CALL_MILLIS);
        } catch (IOException | RuntimeException e) {
            // the outcome is already in hand
        }
    }

    /** {@link VirtualChannel#call} with a deadline; a silent agent counts as a dropped connection. */
    private static <V> V boundedCall(VirtualChannel channel, Callable<V, ?> callable, long millis)
            throws IOException, InterruptedException {
        Future<V> future = channel.callAsync(callable);
        try {
            return future.get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new hudson.remoting.ChannelClosedException((Channel) null, "no answer from the agent within "
                    + OutcomeLine.seconds(millis), e);
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        }
    }

    private static IOException rethrow(Throwable cause) {
        if (cause instanceof IOException io) {
            return io;
        }
        if (cause instanceof RuntimeException re) {
            throw re;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new IOException(cause);
    }

    private static void close(VirtualChannel channel) {
        try {
            channel.close();
        } catch (IOException | RuntimeException e) {
            // closing already
        }
    }

    private VirtualChannel currentChannel() {
        Computer computer = Jenkins.get().getComputer(agentName);
        return computer == null ? null : computer.getChannel();
    }

    private static String seconds(long nanos) {
        return String.valueOf(Math.max(0, TimeUnit.NANOSECONDS.toSeconds(nanos)));
    }

    /** A closed or closing channel, as opposed to a failure of the call itself. */
    static boolean isChannelDrop(Throwable t) {
        return t instanceof RequestAbortedException || t instanceof hudson.remoting.ChannelClosedException
                || Channel.isClosedChannelException(t);
    }

    /** The channel closed, or stayed silent: the outcome is to be collected after a reconnect. */
    private static final class Dropped extends Exception {
        private static final long serialVersionUID = 1L;

        Dropped(String what) {
            super(what, null, false, false);
        }
    }
}
