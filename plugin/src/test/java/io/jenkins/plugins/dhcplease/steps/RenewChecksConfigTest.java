package io.jenkins.plugins.dhcplease.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.util.FormValidation;
import java.util.List;
import org.jenkinsci.plugins.workflow.cps.SnippetizerTester;
import org.jenkinsci.plugins.workflow.steps.StepConfigTester;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** expect, verify and dhcpAdapters in the snippet generator: forms, snippets, help and validation. */
@WithJenkins
class RenewChecksConfigTest {

    @Test
    void expectAndVerifySurviveTheForm(JenkinsRule r) throws Exception {
        DhcpRenewStep before = new DhcpRenewStep();
        before.setAdapter("Ethernet 2");
        before.setExpect("10.20.0.0/24");
        before.setVerify(List.of("gateway", "tcp:10.20.0.1:443", "dns:build.lab.example"));
        DhcpRenewStep after = new StepConfigTester(r).configRoundTrip(before);
        r.assertEqualDataBoundBeans(before, after);
        assertEquals(List.of("gateway", "tcp:10.20.0.1:443", "dns:build.lab.example"), after.getVerify(),
                "the form's one comma-separated box comes back as the same list");
    }

    @Test
    void noChecksStayAbsent(JenkinsRule r) throws Exception {
        DhcpRenewStep before = new DhcpRenewStep();
        before.setAdapter("Ethernet 2");
        DhcpRenewStep after = new StepConfigTester(r).configRoundTrip(before);
        assertNull(after.getExpect());
        assertNull(after.getVerify());
    }

    @Test
    void snippets(JenkinsRule r) throws Exception {
        SnippetizerTester st = new SnippetizerTester(r);
        DhcpRenewStep renew = new DhcpRenewStep();
        renew.setAdapter("Ethernet 2");
        renew.setExpect("10.20.0.15");
        renew.setVerify(List.of("gateway", "tcp:10.20.0.1:443"));
        st.assertRoundTrip(renew, "dhcpRenew adapter: 'Ethernet 2', expect: '10.20.0.15', verify: ['gateway', 'tcp:10.20.0.1:443']");
        st.assertRoundTrip(new DhcpAdaptersStep(), "dhcpAdapters()");
        DhcpAdaptersStep filtered = new DhcpAdaptersStep();
        filtered.setAdapter("Ethernet*");
        st.assertRoundTrip(filtered, "dhcpAdapters adapter: 'Ethernet*'");
    }

    @Test
    void commaSeparatedChecksInAScriptAreTheSameList() {
        DhcpRenewStep s = new DhcpRenewStep();
        s.setVerify(List.of("gateway, tcp:10.20.0.1:443", " ", "dns:x.lab"));
        assertEquals(List.of("gateway", "tcp:10.20.0.1:443", "dns:x.lab"), s.getVerify());
        assertEquals("gateway, tcp:10.20.0.1:443, dns:x.lab", s.getVerifyText());
    }

    @Test
    void everyNewFieldHasHelp(JenkinsRule r) throws Exception {
        r.assertHelpExists(DhcpRenewStep.class, "expect,verify");
        r.assertHelpExists(DhcpAdaptersStep.class, "adapter");
    }

    @Test
    void validationUsesCoresParsers(JenkinsRule r) {
        DhcpRenewStep.DescriptorImpl d = r.jenkins.getDescriptorByType(DhcpRenewStep.DescriptorImpl.class);
        assertEquals(FormValidation.Kind.OK, d.doCheckExpect("10.20.0.0/24").kind);
        assertEquals(FormValidation.Kind.OK, d.doCheckExpect("").kind);
        FormValidation bits = d.doCheckExpect("10.20.0.7/24");
        assertEquals(FormValidation.Kind.ERROR, bits.kind);
        assertTrue(bits.getMessage().contains("did you mean 10.20.0.0/24?"), bits.getMessage());
        assertEquals(FormValidation.Kind.OK, d.doCheckVerify("gateway, tcp:10.20.0.1:443, dns:build.lab").kind);
        FormValidation port = d.doCheckVerify("gateway, tcp:10.20.0.1");
        assertEquals(FormValidation.Kind.ERROR, port.kind);
        assertTrue(port.getMessage().contains("tcp:HOST:PORT"), port.getMessage());
        DhcpAdaptersStep.DescriptorImpl a = r.jenkins.getDescriptorByType(DhcpAdaptersStep.DescriptorImpl.class);
        assertEquals(FormValidation.Kind.OK, a.doCheckAdapter("").kind);
        assertEquals(FormValidation.Kind.ERROR, a.doCheckAdapter("index:twelve").kind);
    }
}
