package io.jenkins.plugins.dhcplease.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.util.FormValidation;
import io.jenkins.plugins.dhcplease.model.LeaseAction;
import java.util.ArrayList;
import java.util.List;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;

/**
 * {@code dhcpRenew}: renews the DHCP lease of the selected adapter(s) on the agent and waits for a usable address.
 * With {@code releaseFirst: true} it releases and renews as one operation on the agent, which survives the agent's
 * connection dropping in between (the step collects the result after the agent reconnects). {@code expect} and
 * {@code verify} check the address it got and the network behind it.
 */
public final class DhcpRenewStep extends LeaseStep {

    private boolean releaseFirst;
    private String expect;
    private List<String> verify;

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

    public String getExpect() {
        return expect;
    }

    /** An address ({@code 10.20.0.15}) or network ({@code 10.20.0.0/24}) the renewed address must be or fall in. */
    @DataBoundSetter
    public void setExpect(String expect) {
        this.expect = Util.fixEmptyAndTrim(expect);
    }

    /** Null when there are no checks, so that the snippet generator omits the parameter. */
    public List<String> getVerify() {
        return verify;
    }

    /**
     * {@code gateway}, {@code tcp:HOST:PORT}, {@code dns:NAME}. Each entry may hold several, comma-separated (the form's
     * single text box arrives as one entry): they are split here so that a script and the form give the same list.
     */
    @DataBoundSetter
    public void setVerify(List<String> verify) {
        List<String> checks = new ArrayList<>();
        for (String entry : verify == null ? List.<String>of() : verify) {
            for (String one : (entry == null ? "" : entry).split(",")) {
                if (!one.isBlank()) {
                    checks.add(one.trim());
                }
            }
        }
        this.verify = checks.isEmpty() ? null : checks;
    }

    /** The checks as the form's text box shows them: comma-separated. */
    public String getVerifyText() {
        return verify == null ? null : String.join(", ", verify);
    }

    @Override
    StepParameters parameters() {
        return parameters(releaseFirst ? LeaseAction.RELEASE_THEN_RENEW : LeaseAction.RENEW, false, expect,
                verify == null ? List.of() : verify);
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

        // Read-only checks of the submitted text with core's parsers: no state is touched.
        public FormValidation doCheckExpect(@QueryParameter String value) {
            return optional(value, StepParameters::expectProblem);
        }

        public FormValidation doCheckVerify(@QueryParameter String value) {
            return optional(value, StepParameters::verifyProblem);
        }
    }
}
