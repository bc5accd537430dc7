package io.jenkins.plugins.dhcplease.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.util.FormValidation;
import org.jenkinsci.plugins.workflow.cps.SnippetizerTester;
import org.jenkinsci.plugins.workflow.steps.StepConfigTester;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The snippet generator's side: forms, generated snippets, help and validation. */
@WithJenkins
class DhcpStepsConfigTest {

    @Test
    void renewConfigRoundTrip(JenkinsRule r) throws Exception {
        DhcpRenewStep before = new DhcpRenewStep();
        before.setAdapter("Ethernet 2");
        before.setReleaseFirst(true);
        before.setTimeout(120);
        before.setWaitForAddress(false); // the checkbox that defaults to ticked must keep a saved false
        before.setDryRun(true);
        DhcpRenewStep after = new StepConfigTester(r).configRoundTrip(before);
        r.assertEqualDataBoundBeans(before, after);
        assertFalse(after.isWaitForAddress());
    }

    @Test
    void releaseConfigRoundTrip(JenkinsRule r) throws Exception {
        DhcpReleaseStep before = new DhcpReleaseStep();
        before.setAllAdapters(true);
        before.setAllowAgentDisconnect(true);
        DhcpReleaseStep after = new StepConfigTester(r).configRoundTrip(before);
        r.assertEqualDataBoundBeans(before, after);
        assertTrue(after.isWaitForAddress());
        assertEquals(60, after.getTimeout());
    }

    @Test
    void snippetsOmitDefaults(JenkinsRule r) throws Exception {
        SnippetizerTester st = new SnippetizerTester(r);
        DhcpRenewStep renew = new DhcpRenewStep();
        renew.setAdapter("Ethernet 2");
        renew.setReleaseFirst(true);
        renew.setTimeout(120);
        st.assertRoundTrip(renew, "dhcpRenew adapter: 'Ethernet 2', releaseFirst: true, timeout: 120");

        DhcpReleaseStep release = new DhcpReleaseStep();
        release.setAdapter("index:12");
        release.setAllowAgentDisconnect(true);
        release.setWaitForAddress(false);
        st.assertRoundTrip(release, "dhcpRelease adapter: 'index:12', allowAgentDisconnect: true, waitForAddress: false");

        DhcpRenewStep all = new DhcpRenewStep();
        all.setAllAdapters(true);
        all.setDryRun(true);
        st.assertRoundTrip(all, "dhcpRenew allAdapters: true, dryRun: true");
    }

    @Test
    void everyFieldHasHelp(JenkinsRule r) throws Exception {
        r.assertHelpExists(DhcpRenewStep.class, "adapter,allAdapters,timeout,waitForAddress,dryRun,releaseFirst");
        r.assertHelpExists(DhcpReleaseStep.class, "adapter,allAdapters,timeout,waitForAddress,dryRun,allowAgentDisconnect");
    }

    @Test
    void adapterValidationUsesTheSelectorSyntax(JenkinsRule r) {
        DhcpRenewStep.DescriptorImpl d = r.jenkins.getDescriptorByType(DhcpRenewStep.DescriptorImpl.class);
        assertEquals(FormValidation.Kind.OK, d.doCheckAdapter("Ethernet*").kind);
        assertEquals(FormValidation.Kind.OK, d.doCheckAdapter("guid:{4D36E972-E325-11CE-BFC1-08002BE10318}").kind);
        FormValidation bad = d.doCheckAdapter("index:twelve");
        assertEquals(FormValidation.Kind.ERROR, bad.kind);
        assertTrue(bad.getMessage().contains("index:12"), bad.getMessage());
        assertEquals(FormValidation.Kind.WARNING, d.doCheckAdapter("").kind);
    }

    @Test
    void timeoutValidation(JenkinsRule r) {
        DhcpReleaseStep.DescriptorImpl d = r.jenkins.getDescriptorByType(DhcpReleaseStep.DescriptorImpl.class);
        assertEquals(FormValidation.Kind.OK, d.doCheckTimeout("60").kind);
        assertEquals(FormValidation.Kind.OK, d.doCheckTimeout("3600").kind);
        assertEquals(FormValidation.Kind.ERROR, d.doCheckTimeout("0").kind);
        assertEquals(FormValidation.Kind.ERROR, d.doCheckTimeout("3601").kind);
        assertEquals(FormValidation.Kind.ERROR, d.doCheckTimeout("soon").kind);
    }
}
