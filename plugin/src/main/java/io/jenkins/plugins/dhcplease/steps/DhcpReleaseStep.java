package io.jenkins.plugins.dhcplease.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import io.jenkins.plugins.dhcplease.model.LeaseAction;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code dhcpRelease}: gives up the DHCP lease of the selected adapter(s) on the agent. Refused on the adapter that
 * carries the agent's own connection unless {@code allowAgentDisconnect: true}: a later renew could never arrive.
 */
public final class DhcpReleaseStep extends LeaseStep {

    private boolean allowAgentDisconnect;

    @DataBoundConstructor
    public DhcpReleaseStep() {
    }

    public boolean isAllowAgentDisconnect() {
        return allowAgentDisconnect;
    }

    @DataBoundSetter
    public void setAllowAgentDisconnect(boolean allowAgentDisconnect) {
        this.allowAgentDisconnect = allowAgentDisconnect;
    }

    @Override
    StepParameters parameters() {
        return parameters(LeaseAction.RELEASE, allowAgentDisconnect);
    }

    @Extension
    public static final class DescriptorImpl extends LeaseStepDescriptor {

        @Override
        public String getFunctionName() {
            return "dhcpRelease";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.DhcpReleaseStep_DisplayName();
        }
    }
}
