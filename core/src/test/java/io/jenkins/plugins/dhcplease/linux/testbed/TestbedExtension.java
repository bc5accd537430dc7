package io.jenkins.plugins.dhcplease.linux.testbed;

import io.jenkins.plugins.dhcplease.linux.detect.ClientKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * The host's /etc/resolv.conf and /etc/hostname must be byte for byte the same after the test (a client hook that
 * touched them is a failure; the files are put back).
 *
 * <p>Not root: the test is skipped with the reason (entering namespaces needs CAP_SYS_ADMIN). Root but a tool missing:
 * the test fails, so that CI never passes by skipping.
 */
public final class TestbedExtension implements BeforeEachCallback, AfterEachCallback {

    private static final List<String> TOOLS = List.of("ip", "dnsmasq", "dhclient", "dhcpcd", "udhcpc");

    /** Host files a DHCP client hook may rewrite: network namespaces do not separate /etc. */
    private static final List<Path> HOST_FILES = List.of(Path.of("/etc/resolv.conf"), Path.of("/etc/hostname"));

    private final Testbed.Second second;
    private Testbed testbed;
    private final Map<Path, byte[]> hostFiles = new HashMap<>();

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
        Testbed.assumeRoot();
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
        for (Path f : HOST_FILES) {
            hostFiles.put(f, read(f));
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
        List<Path> changed = new ArrayList<>();
        for (Map.Entry<Path, byte[]> e : hostFiles.entrySet()) {
            if (!Arrays.equals(e.getValue(), read(e.getKey()))) {
                changed.add(e.getKey());
                restore(e.getKey(), e.getValue());
            }
        }
        hostFiles.clear();
        if (!changed.isEmpty()) {
            throw new AssertionError("the test changed the host's " + changed + " (restored now): a DHCP client ran"
                    + " with hooks other than the testbed's");
        }
    }

    private static byte[] read(Path f) {
        try {
            return Files.readAllBytes(f);
        } catch (IOException e) {
            return null;
        }
    }

    private static void restore(Path f, byte[] content) {
        try {
            if (content == null) {
                Files.deleteIfExists(f);
            } else {
                Files.write(f, content);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not restore " + f + ": " + e.getMessage(), e);
        }
    }
}
