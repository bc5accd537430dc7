package io.jenkins.plugins.dhcplease.steps;

import hudson.AbortException;
import hudson.model.Computer;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import hudson.util.DaemonThreadFactory;
import hudson.util.NamingThreadFactory;
import io.jenkins.plugins.dhcplease.model.LeaseException;
import io.jenkins.plugins.dhcplease.model.LeaseReport;
import io.jenkins.plugins.dhcplease.model.LeaseRequest;
import java.io.IOException;
import java.util.HashMap;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * Checks the parameters and the node before anything is sent, runs the request on the agent on a thread of its own,
 * prints one line per adapter and returns the outcomes as plain maps. The request (plain values) is kept in the
 * program state: after a controller restart the step collects the outcome from the agent's journal instead of
 * failing. Aborting the build interrupts the wait; the operation on the agent runs on to its own end.
 */
public final class LeaseStepExecution extends StepExecution {

    private static final long serialVersionUID = 2L;
    private static final ExecutorService THREADS = Executors.newCachedThreadPool(
            new NamingThreadFactory(new DaemonThreadFactory(), "dhcp-lease step"));

    private final transient StepParameters parameters;
    // What a resumed execution needs: JDK values only, so the program state holds no class of a bundled library.
    private String function;
    private String agentName;
    private HashMap<String, Object> request;
    private transient volatile Future<?> task;
    private transient volatile boolean stopped;

    LeaseStepExecution(StepParameters parameters, StepContext context) {
        super(context);
        this.parameters = parameters;
    }

    @Override
    public boolean start() throws Exception {
        function = parameters.function();
        try {
            parameters.check();
        } catch (StepParameters.InvalidParametersException e) {
            throw new AbortException(e.getMessage());
        }
        // Both are required context (see LeaseStepDescriptor), so Pipeline supplies them or fails before start.
        TaskListener listener = Objects.requireNonNull(getContext().get(TaskListener.class), "TaskListener");
        Computer computer = Objects.requireNonNull(getContext().get(Computer.class), "Computer");
        VirtualChannel channel = checkedChannel(computer, function);
        LeaseRequest lease = parameters.toRequest(ControllerEndpoint.fromRootUrl(Jenkins.get().getRootUrl()));
        agentName = computer.getName();
        request = new HashMap<>(lease.toPlain());
        task = THREADS.submit(() -> finish(listener, () -> new AgentCall(function, agentName, listener).run(channel, lease)));
        return false;
    }

    @Override
    public void onResume() {
        task = THREADS.submit(() -> {
            TaskListener listener;
            try {
                listener = Objects.requireNonNull(getContext().get(TaskListener.class), "TaskListener");
            } catch (Exception e) {
                getContext().onFailure(e);
                return;
            }
            if (request == null) {
                getContext().onFailure(new AbortException(Messages.Agent_ResumedTooEarly(function)));
                return;
            }
            LeaseRequest lease = LeaseRequest.fromPlain(request);
            listener.getLogger().println(Messages.Agent_Resumed(function, agentName, lease.action().word()));
            finish(listener, () -> new AgentCall(function, agentName, listener).collect(lease));
        });
    }

    @Override
    public void stop(Throwable cause) throws Exception {
        stopped = true;
        Future<?> t = task;
        if (t != null) {
            t.cancel(true);
        }
        getContext().onFailure(cause);
    }

    @FunctionalInterface
    private interface Call {
        LeaseReport run() throws Exception;
    }

    private void finish(TaskListener listener, Call call) {
        try {
            Run<?, ?> run = getContext().get(Run.class);
            LeaseReport report;
            try {
                report = call.run();
            } catch (LeaseException e) {
                // Refused before anything changed (bad match, ambiguous, unsafe, unsupported): the agent says what to do.
                String message = Messages.Agent_Refused(function, e.getMessage());
                record(run, listener, LeaseRunAction.Call.refused(function, agentName, message));
                throw new AbortException(message);
            } catch (AbortException e) {
                record(run, listener, LeaseRunAction.Call.refused(function, agentName, e.getMessage()));
                throw e;
            }
            ReportPrinter.print(function, report, listener.getLogger());
            record(run, listener, LeaseRunAction.Call.of(function, agentName, report));
            String failure = ReportPrinter.failure(function, report);
            if (failure != null) {
                throw new AbortException(failure);
            }
            getContext().onSuccess(report.toPlainList());
        } catch (Throwable t) {
            if (!stopped) {
                getContext().onFailure(t);
            }
        }
    }

    /** Adds the call to the build page and links it from the log. */
    static void record(Run<?, ?> run, TaskListener listener, LeaseRunAction.Call call) {
        if (run == null) {
            return;
        }
        LeaseRunAction.record(run, call);
        try {
            listener.getLogger().print(call.getFunction() + ": ");
            listener.hyperlink(LeaseRunAction.url(run), Messages.RunAction_LogLink());
            listener.getLogger().println();
        } catch (IOException e) {
            // the record is on the build page all the same
        }
    }

    /** The built-in node and offline agents are refused before anything is sent. */
    static VirtualChannel checkedChannel(Computer computer, String function) throws AbortException {
        // On the built-in node the callable would run inside the controller's JVM and reset the controller's network.
        if (computer instanceof Jenkins.MasterComputer || computer.getName().isEmpty()) {
            throw new AbortException(Messages.Target_BuiltInNode(function));
        }
        VirtualChannel channel = computer.getChannel();
        if (channel == null) {
            throw new AbortException(Messages.Target_Offline(function, computer.getName()));
        }
        return channel;
    }

    @Override
    public String getStatus() {
        return request == null ? "starting" : "running the " + request.get("action") + " on " + agentName;
    }
}
