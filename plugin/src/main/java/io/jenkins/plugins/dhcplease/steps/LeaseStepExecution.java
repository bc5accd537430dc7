package io.jenkins.plugins.dhcplease.steps;

import hudson.AbortException;
import hudson.model.Computer;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.dhcplease.model.LeaseException;
import io.jenkins.plugins.dhcplease.model.LeaseReport;
import io.jenkins.plugins.dhcplease.model.LeaseRequest;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;

/**
 * Runs on a controller pool thread: checks the parameters and the node before anything is sent, runs the request on
 * the agent, prints one line per adapter and returns the outcomes as plain maps. Aborting the build interrupts the
 * wait (the agent is told to stop waiting too); after a controller restart the step fails rather than resumes.
 */
public final class LeaseStepExecution extends SynchronousNonBlockingStepExecution<List<Map<String, Object>>> {

    private static final long serialVersionUID = 1L;

    // Transient: a synchronous step does not resume, and the program state then holds no class of ours but the step.
    private final transient StepParameters parameters;

    LeaseStepExecution(StepParameters parameters, StepContext context) {
        super(context);
        this.parameters = parameters;
    }

    @Override
    protected List<Map<String, Object>> run() throws Exception {
        String function = parameters.function();
        try {
            parameters.check();
        } catch (StepParameters.InvalidParametersException e) {
            throw new AbortException(e.getMessage());
        }
        // Both are required context (see LeaseStepDescriptor), so Pipeline supplies them or fails before start.
        TaskListener listener = Objects.requireNonNull(getContext().get(TaskListener.class), "TaskListener");
        Computer computer = Objects.requireNonNull(getContext().get(Computer.class), "Computer");
        VirtualChannel channel = checkedChannel(computer, function);
        ControllerEndpoint controller = ControllerEndpoint.fromRootUrl(Jenkins.get().getRootUrl());
        LeaseRequest request = parameters.toRequest(controller);
        Run<?, ?> run = getContext().get(Run.class);
        LeaseReport report;
        try {
            report = new AgentCall(function, computer.getName(), listener).run(channel, request);
        } catch (LeaseException e) {
            // Refused before anything changed (bad match, ambiguous, unsafe, unsupported): the agent says what to do.
            String message = Messages.Agent_Refused(function, e.getMessage());
            record(run, listener, LeaseRunAction.Call.refused(function, computer.getName(), message));
            throw new AbortException(message);
        } catch (AbortException e) {
            record(run, listener, LeaseRunAction.Call.refused(function, computer.getName(), e.getMessage()));
            throw e;
        }
        ReportPrinter.print(function, report, listener.getLogger());
        record(run, listener, LeaseRunAction.Call.of(function, computer.getName(), report));
        String failure = ReportPrinter.failure(function, report);
        if (failure != null) {
            throw new AbortException(failure);
        }
        return report.toPlainList();
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
}
