package io.jenkins.plugins.dhcplease.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import io.jenkins.plugins.dhcplease.model.LeaseAction;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code dhcpRenew}: renews the DHCP lease of the selected adapter(s) on the agent and waits for a usable address.
 * With {@code releaseFirst: true} it releases and renews as one operation on the agent, which survives the agent's
 * connection dropping in between (the step collects the result after the agent reconnects).
 */
public final class DhcpRenewStep extends LeaseStep {

    private boolean releaseFirst;

    @DataBoundConstructor
    public DhcpRenewStep() {
    }

    public boolean isReleaseFirst() {
        return releaseFirst;
    }

    @DataBoundSetter
    public void setReleaseFirst(boolean releaseFirst) {
        this.releaseFirst = releaseFirst;
    }

    @Override
    StepParameters parameters() {
        return parameters(releaseFirst ? LeaseAction.RELEASE_THEN_RENEW : LeaseAction.RENEW, false);
    }

    @Extension
    public static final class DescriptorImpl extends LeaseStepDescriptor {

        @Override
        public String getFunctionName() {
            return "dhcpRenew";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.DhcpRenewStep_DisplayName();
        }
    }
}
