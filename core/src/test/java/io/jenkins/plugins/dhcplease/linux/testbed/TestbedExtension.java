package io.jenkins.plugins.dhcplease.linux.testbed;

import io.jenkins.plugins.dhcplease.linux.detect.ClientKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh {@link Testbed} for every test, torn down after it even when the test fails.
 *
 * <pre>
 * &#64;RegisterExtension final TestbedExtension lab = new TestbedExtension(Testbed.Second.NONE);
 * ... lab.testbed().startClient(ClientKind.DHCPCD);
 * </pre>
 *
 * Not root: the test is skipped with the reason (entering namespaces needs CAP_SYS_ADMIN). Root but a tool missing:
 * the test fails, so that CI never passes by skipping.
 */
public final class TestbedExtension implements BeforeEachCallback, AfterEachCallback {

    private static final List<String> TOOLS = List.of("ip", "dnsmasq", "dhclient", "dhcpcd", "udhcpc");

    private final Testbed.Second second;
    private Testbed testbed;

    public TestbedExtension(Testbed.Second second) {
        this.second = second;
    }

    public Testbed testbed() {
        if (testbed == null) {
            throw new IllegalStateException("no testbed: the extension runs before each test");
        }
        return testbed;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Assumptions.assumeTrue(Testbed.isRoot(), "the DHCP testbed needs root (network namespaces, veth, raw sockets);"
                + " run as root, as CI does, to run this test");
        List<String> missing = new ArrayList<>();
        for (String t : TOOLS) {
            if (!Sh.onPath(t)) {
                missing.add(t);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("the DHCP testbed needs " + missing + " on the PATH: apt-get install"
                    + " iproute2 dnsmasq-base isc-dhcp-client dhcpcd-base busybox udhcpc (scripts/install-deps)");
        }
        testbed = Testbed.create(second);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (testbed != null) {
            if (context.getExecutionException().isPresent()) {
                System.err.println("testbed " + testbed.id() + " dnsmasq log:\n" + testbed.serverLog());
            }
            testbed.close();
            testbed = null;
        }
    }
}
