package io.jenkins.plugins.dhcplease.windows;

import com.sun.jna.Memory;
import com.sun.jna.ptr.IntByReference;
import io.jenkins.plugins.dhcplease.engine.Deadline;
import io.jenkins.plugins.dhcplease.model.NetworkAdapter;
import io.jenkins.plugins.dhcplease.windows.jna.IpAdapterIndexMap;
import io.jenkins.plugins.dhcplease.windows.jna.IpHelperLibrary;
import io.jenkins.plugins.dhcplease.windows.jna.WinStrings;
import io.jenkins.plugins.dhcplease.windows.jna.WindowsNative;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What the binding costs, through JNA against the C shim: an inventory of four adapters, and one release/renew call.
 * A program that prints a table, run on demand (docs/windows-binding.md):
 * <pre>
 * ./mvnw -q -DskipPlugin -pl core test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.jenkins.plugins.dhcplease.windows.WindowsBindingBenchmark
 * </pre>
 */
public final class WindowsBindingBenchmark {
    private static final int WARMUP = 20_000;
    private static final int SAMPLES = 20_000;

    @FunctionalInterface
    private interface Op {
        void run() throws Exception;
    }

    private WindowsBindingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        locateShim();
        Shim.play(Scenarios.FOUR);
        WindowsNative natives = WindowsNative.load();
        WindowsDhcpClient client = new WindowsDhcpClient(natives);
        List<NetworkAdapter> adapters = client.adapters();
        if (adapters.size() != 4) {
            throw new IllegalStateException("expected the four-adapter scenario, got " + adapters);
        }
        NetworkAdapter target = adapters.get(1);
        IpHelperLibrary ip = natives.ipHelper();
        IpAdapterIndexMap map = new IpAdapterIndexMap();
        map.Index = target.index();
        WinStrings.putWide("\\DEVICE\\TCPIP_" + target.id(), map.Name);
        map.write();
        map.setAutoSynch(false); // as InterfaceNames prepares it
        Deadline none = Deadline.after(Duration.ofHours(1));

        System.out.printf(Locale.ROOT, "dhcp-lease Windows binding through JNA %s against %s (%d samples each)%n%n",
                System.getProperty("jna.version", com.sun.jna.Native.VERSION), System.getProperty(WindowsNative.PROPERTY, "iphlpapi.dll"), SAMPLES);
        System.out.printf(Locale.ROOT, "%-52s %10s %10s %10s%n", "operation", "median µs", "p90 µs", "target µs");
        row("inventory of 4 adapters (GetAdaptersAddresses+Info)", 100, client::adapters);
        Memory gaa = new Memory(15 * 1024);
        IntByReference size = new IntByReference();
        row("  of which GetAdaptersAddresses, one JNA call", 0, () -> {
            size.setValue((int) gaa.size());
            check(ip.GetAdaptersAddresses(IpHelperLibrary.AF_INET, IpHelperLibrary.GAA_FLAG_INCLUDE_GATEWAYS, null, gaa, size));
        });
        row("  of which GetAdaptersInfo, one JNA call", 0, () -> {
            size.setValue((int) gaa.size());
            check(ip.GetAdaptersInfo(gaa, size));
        });
        row("IpReleaseAddress, one JNA call", 5, () -> check(ip.IpReleaseAddress(map)));
        row("IpRenewAddress, one JNA call", 5, () -> check(ip.IpRenewAddress(map)));
        row("release() incl. GetInterfaceInfo name lookup", 0, () -> client.release(target, none));
        row("renew() incl. GetInterfaceInfo name lookup", 0, () -> client.renew(target, none));
    }

    private static void check(int code) {
        if (code != 0) {
            throw new IllegalStateException("the shim answered " + code);
        }
    }

    private static void row(String what, int target, Op op) throws Exception {
        for (int i = 0; i < WARMUP; i++) {
            op.run();
        }
        long[] nanos = new long[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            long t = System.nanoTime();
            op.run();
            nanos[i] = System.nanoTime() - t;
        }
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "%-52s %10.2f %10.2f %10s%n", what, nanos[SAMPLES / 2] / 1000.0,
                nanos[SAMPLES * 9 / 10] / 1000.0, target == 0 ? "-" : "<= " + target);
    }

    /** The shim from -Ddhcplease.iphlpapi, else where the build puts it (run from the reactor root or core/). */
    private static void locateShim() {
        if (System.getProperty(WindowsNative.PROPERTY) != null) {
            return;
        }
        for (String candidate : new String[] {"core/target/native/libiphlpapi_shim.so", "target/native/libiphlpapi_shim.so"}) {
            if (Files.isRegularFile(Path.of(candidate))) {
                System.setProperty(WindowsNative.PROPERTY, Path.of(candidate).toAbsolutePath().toString());
                return;
            }
        }
        throw new IllegalStateException("no shim: build it with ./mvnw -DskipPlugin -pl core test-compile, or pass"
                + " -D" + WindowsNative.PROPERTY + "=<path to libiphlpapi_shim.so>");
    }
}
