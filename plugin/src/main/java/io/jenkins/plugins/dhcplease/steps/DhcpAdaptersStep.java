package io.jenkins.plugins.dhcplease.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.Util;
import hudson.model.Computer;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import hudson.util.FormValidation;
import io.jenkins.plugins.dhcplease.remote.AdaptersCallable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;

/**
 * {@code dhcpAdapters}: the agent's adapters as plain maps (the fields of {@code dhcp-lease adapters --json}, the
 * adapter carrying the agent's connection marked), so that a script can decide what to renew. Read-only; refused on
 * the built-in node like the other steps, so that a script written for agents never lists the controller's network.
 */
public final class DhcpAdaptersStep extends Step {

    /** Listing adapters is one OS call; longer than this means it hangs. */
    static final long TIMEOUT_SECONDS = 60;

    private String adapter;

    @DataBoundConstructor
    public DhcpAdaptersStep() {
    }

    public String getAdapter() {
        return adapter;
    }

    /** Only the adapters this selector matches (core's syntax); every adapter without it. */
    @DataBoundSetter
    public void setAdapter(String adapter) {
        this.adapter = Util.fixEmptyAndTrim(adapter);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(adapter, context);
    }

    static final class Execution extends SynchronousNonBlockingStepExecution<List<Map<String, Object>>> {
        private static final long serialVersionUID = 1L;
        private static final String FUNCTION = "dhcpAdapters";

        private final String adapter;

        Execution(String adapter, StepContext context) {
            super(context);
            this.adapter = adapter;
        }

        @Override
        @SuppressWarnings("unchecked")
        protected List<Map<String, Object>> run() throws Exception {
            if (adapter != null) {
                String problem = StepParameters.selectorProblem(adapter);
                if (problem != null) {
                    throw new AbortException(Messages.Parameters_BadSelector(FUNCTION, problem));
                }
            }
            TaskListener listener = Objects.requireNonNull(getContext().get(TaskListener.class), "TaskListener");
            Computer computer = Objects.requireNonNull(getContext().get(Computer.class), "Computer");
            Run<?, ?> run = getContext().get(Run.class);
            if (computer instanceof Jenkins.MasterComputer || computer.getName().isEmpty()) {
                throw new AbortException(Messages.Adapters_BuiltInNode(FUNCTION));
            }
            VirtualChannel channel = LeaseStepExecution.checkedChannel(computer, FUNCTION);
            ControllerEndpoint controller = ControllerEndpoint.fromRootUrl(Jenkins.get().getRootUrl());
            Map<String, Object> answer = call(channel, new AdaptersCallable(adapter, controller.host(), controller.port()),
                    computer.getName(), run, listener);
            if (!"done".equals(answer.get("status"))) {
                String message = Messages.Adapters_Refused(FUNCTION, answer.get("message"));
                LeaseStepExecution.record(run, listener, LeaseRunAction.Call.refused(FUNCTION, computer.getName(), message));
                throw new AbortException(message);
            }
            List<Map<String, Object>> adapters = new ArrayList<>((List<Map<String, Object>>) answer.get("adapters"));
            if (adapters.isEmpty() && adapter != null) {
                listener.getLogger().println(Messages.Adapters_NoMatch(FUNCTION, "'" + adapter + "'",
                        String.join(", ", (List<String>) answer.get("available"))));
            }
            for (Map<String, Object> a : adapters) {
                listener.getLogger().println(FUNCTION + ": " + line(a));
            }
            LeaseStepExecution.record(run, listener, LeaseRunAction.Call.inventory(FUNCTION, computer.getName(), adapters));
            return adapters;
        }

        private static Map<String, Object> call(VirtualChannel channel, AdaptersCallable callable, String agent,
                                                Run<?, ?> run, TaskListener listener) throws Exception {
            Future<java.util.LinkedHashMap<String, Object>> f = channel.callAsync(callable);
            try {
                return f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                f.cancel(true);
                String message = Messages.Adapters_TimedOut(FUNCTION, agent, String.valueOf(TIMEOUT_SECONDS));
                LeaseStepExecution.record(run, listener, LeaseRunAction.Call.refused(FUNCTION, agent, message));
                throw new AbortException(message);
            } catch (InterruptedException e) {
                f.cancel(true);
                throw e;
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception ex ? ex : e;
            }
        }

        /** {@code Ethernet 2 (index 12): dhcp, 10.0.0.5 dhcp, server 10.0.0.1, carries the agent's connection}. */
        @SuppressWarnings("unchecked")
        private static String line(Map<String, Object> a) {
            List<Map<String, Object>> addresses = (List<Map<String, Object>>) a.get("addresses");
            StringBuilder s = new StringBuilder(a.get("name") + " (index " + a.get("index") + "): ");
            s.append(Boolean.TRUE.equals(a.get("dhcpEnabled")) ? "DHCP" : "static");
            s.append(Boolean.TRUE.equals(a.get("up")) ? ", up" : ", down");
            for (Map<String, Object> ad : addresses) {
                s.append(", ").append(ad.get("address")).append('/').append(ad.get("prefixLength")).append(' ')
                        .append(ad.get("origin"));
            }
            if (a.get("dhcpServer") != null) {
                s.append(", server ").append(a.get("dhcpServer"));
            }
            if (Boolean.TRUE.equals(a.get("agentConnection"))) {
                s.append(", carries the agent's connection");
            }
            return s.toString();
        }
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(TaskListener.class, Computer.class);
        }

        @Override
        public String getFunctionName() {
            return "dhcpAdapters";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.DhcpAdaptersStep_DisplayName();
        }

        public FormValidation doCheckAdapter(@QueryParameter String value) {
            return LeaseStep.optional(value, StepParameters::selectorProblem);
        }
    }
}
