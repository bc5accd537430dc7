package io.jenkins.plugins.dhcplease.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Library;
import com.sun.jna.Native;
import io.jenkins.plugins.dhcplease.model.LeaseException;
import io.jenkins.plugins.dhcplease.windows.jna.WindowsNative;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The test side of the C shim (src/test/native/iphlpapi_shim.c): loads scenarios and reads its call counters. The
 * shim is one process-global library, so every test class that plays it holds {@link #LOCK}.
 */
public final class Shim {
    /** The JUnit resource lock of every test that plays a shim scenario. */
    public static final String LOCK = "iphlpapi-shim";

    public static final String GAA = "GetAdaptersAddresses";
    public static final String GAI = "GetAdaptersInfo";
    public static final String GII = "GetInterfaceInfo";
    public static final String RELEASE = "IpReleaseAddress";
    public static final String RENEW = "IpRenewAddress";
    public static final String FORMAT = "FormatMessageW";
    public static final String FREE = "LocalFree";

    /** The shim's test-control exports. */
    public interface Control extends Library {
        int shim_load(String path);

        String shim_error();

        int shim_calls(String function);

        int shim_adapter_calls(String function, String key);

        int shim_layout(String name);
    }

    private static Control control;

    private Shim() {
    }

    /** The shim the build made; its absence is a broken build, never a reason to skip. */
    public static Path library() {
        String p = System.getProperty(WindowsNative.PROPERTY);
        assertTrue(p != null && Files.isRegularFile(Path.of(p)), "the build did not provide the IP Helper shim ("
                + WindowsNative.PROPERTY + " = " + p + "); core/src/test/native/build.sh runs in process-test-resources");
        return Path.of(p);
    }

    public static synchronized Control control() {
        if (control == null) {
            control = Native.load(library().toString(), Control.class);
        }
        return control;
    }

    /** Loads a scenario (format: the comment at the top of iphlpapi_shim.c); resets state and counters. */
    public static void play(String scenario) {
        try {
            Path file = Files.createTempFile("shim-scenario", ".txt");
            try {
                Files.writeString(file, scenario);
                int rc = control().shim_load(file.toString());
                assertEquals(0, rc, () -> "scenario rejected by the shim: " + control().shim_error());
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static int calls(String function) {
        return control().shim_calls(function);
    }

    public static int adapterCalls(String function, String key) {
        return control().shim_adapter_calls(function, key);
    }

    /** Release and renew calls of every kind, plus the name lookups that precede them. */
    public static int leaseCalls() {
        return calls(RELEASE) + calls(RENEW) + calls(GII);
    }

    public static WindowsDhcpClient client() throws LeaseException {
        library();
        return new WindowsDhcpClient(WindowsNative.load());
    }
}
