package io.jenkins.plugins.dhcplease.steps;

import hudson.Util;
import hudson.model.Computer;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import io.jenkins.plugins.dhcplease.model.LeaseAction;
import java.util.List;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;

/**
 * What {@code dhcpRelease} and {@code dhcpRenew} share: every parameter is optional (defaults null/false/60/true),
 * so the snippet generator omits what the user left alone.
 */
public abstract class LeaseStep extends Step {

    private String adapter;
    private boolean allAdapters;
    private int timeout = StepParameters.DEFAULT_TIMEOUT_SECONDS;
    private boolean waitForAddress = true;
    private boolean dryRun;

    public String getAdapter() {
        return adapter;
    }

    /** A selector in core's syntax: name or glob, {@code index:N}, {@code mac:...}, {@code guid:{...}}. */
    @DataBoundSetter
    public void setAdapter(String adapter) {
        this.adapter = Util.fixEmptyAndTrim(adapter);
    }

    public boolean isAllAdapters() {
        return allAdapters;
    }

    /** Every adapter the selector matches; without a selector, every DHCP-enabled adapter. */
    @DataBoundSetter
    public void setAllAdapters(boolean allAdapters) {
        this.allAdapters = allAdapters;
    }

    public int getTimeout() {
        return timeout;
    }

    /** Seconds the whole operation may take, waits included. */
    @DataBoundSetter
    public void setTimeout(int timeout) {
        this.timeout = timeout;
    }

    public boolean isWaitForAddress() {
        return waitForAddress;
    }

    @DataBoundSetter
    public void setWaitForAddress(boolean waitForAddress) {
        this.waitForAddress = waitForAddress;
    }

    public boolean isDryRun() {
        return dryRun;
    }

    @DataBoundSetter
    public void setDryRun(boolean dryRun) {
        this.dryRun = dryRun;
    }

    /** The parameters as the controller checks them and turns them into a request. */
    abstract StepParameters parameters();

    final StepParameters parameters(LeaseAction action, boolean allowAgentDisconnect) {
        return parameters(action, allowAgentDisconnect, null, List.of());
    }

    final StepParameters parameters(LeaseAction action, boolean allowAgentDisconnect, String expect, List<String> verify) {
        return new StepParameters(getDescriptor().getFunctionName(), action, adapter, allAdapters, timeout,
                waitForAddress, dryRun, allowAgentDisconnect, expect, verify);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new LeaseStepExecution(parameters(), context);
    }

    /** An optional field's validation: blank is fine, else {@code problem} (core's parser) judges it. */
    static FormValidation optional(String value, java.util.function.UnaryOperator<String> problem) {
        String p = value == null || value.isBlank() ? null : problem.apply(value);
        return p == null ? FormValidation.ok() : FormValidation.error(p);
    }

    /** Context and form validation shared by both steps. The snippet generator runs on the controller, so it
     *  checks syntax only: it cannot see the agent's adapters. */
    public abstract static class LeaseStepDescriptor extends StepDescriptor {

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            // "Do something on this machine": no workspace needed, but it must run inside node { }.
            return Set.of(TaskListener.class, Computer.class);
        }

        // Read-only checks of the submitted text: no state is touched, so no @POST or permission check is needed.
        public FormValidation doCheckAdapter(@QueryParameter String value) {
            if (value == null || value.isBlank()) {
                return FormValidation.warning(Messages.Validation_AdapterOrAll());
            }
            return optional(value, StepParameters::selectorProblem);
        }

        public FormValidation doCheckTimeout(@QueryParameter String value) {
            String message = Messages.Validation_TimeoutRange(
                    String.valueOf(StepParameters.MAX_TIMEOUT_SECONDS), String.valueOf(StepParameters.DEFAULT_TIMEOUT_SECONDS));
            try {
                int seconds = Integer.parseInt(value == null ? "" : value.trim());
                return StepParameters.timeoutProblem(seconds) == null ? FormValidation.ok() : FormValidation.error(message);
            } catch (NumberFormatException e) {
                return FormValidation.error(message);
            }
        }
    }
}
