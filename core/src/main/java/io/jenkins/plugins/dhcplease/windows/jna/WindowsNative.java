package io.jenkins.plugins.dhcplease.windows.jna;

import com.sun.jna.Function;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import io.jenkins.plugins.dhcplease.model.LeaseException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Loads the two libraries, on demand.
 *
 * <p>When system property {@value #PROPERTY} or environment variable {@value #ENV} names a file, both the IP Helper
 * functions and FormatMessageW/LocalFree come from that file instead of iphlpapi.dll and kernel32.dll: that is how
 * the tests (and a Jenkins agent JVM on Linux, for plugin tests) run this binding against the C shim.
 *
 * @param ipHelper the IP Helper functions
 * @param kernel32 FormatMessageW and LocalFree
 * @param source   what was loaded: "iphlpapi.dll" or the override's path
 */
public record WindowsNative(IpHelperLibrary ipHelper, Kernel32Library kernel32, String source) {

    public static final String PROPERTY = "dhcplease.iphlpapi";
    public static final String ENV = "DHCP_LEASE_IPHLPAPI";

    /** Loads what the property/environment name, else the Windows DLLs. */
    public static WindowsNative load() throws LeaseException {
        String override = System.getProperty(PROPERTY);
        String origin = "system property " + PROPERTY;
        if (override == null || override.isBlank()) {
            override = System.getenv(ENV);
            origin = "environment variable " + ENV;
        }
        if (override == null || override.isBlank()) {
            return load("iphlpapi", "kernel32", "iphlpapi.dll");
        }
        if (!Files.isRegularFile(Path.of(override))) {
            throw new LeaseException(LeaseException.Kind.BAD_INPUT, origin + " names " + override
                    + ", which is not a file. It must name the IP Helper stand-in library (the test shim); unset it"
                    + " to use Windows' own iphlpapi.dll.");
        }
        return load(override, override, override);
    }

    static int callingConvention() {
        return Platform.isWindows() && !Platform.is64Bit() ? Function.ALT_CONVENTION : Function.C_CONVENTION;
    }

    private static WindowsNative load(String ipHelperName, String kernel32Name, String source) throws LeaseException {
        // WINAPI is __stdcall on 32-bit x86 Windows and the one platform convention on x64 and ARM64; a shim built
        // by gcc off Windows uses the C convention (a stdcall interface there fails every call: "Unrecognized calling
        // convention: 63").
        Map<String, Object> options = Map.of(Library.OPTION_CALLING_CONVENTION, callingConvention());
        try {
            return new WindowsNative(Native.load(ipHelperName, IpHelperLibrary.class, options),
                    Native.load(kernel32Name, Kernel32Library.class, options), source);
        } catch (UnsatisfiedLinkError e) {
            throw new LeaseException(LeaseException.Kind.UNSUPPORTED, "cannot load the Windows IP Helper API from "
                    + source + ": " + e.getMessage() + ". The Windows backend needs Windows (iphlpapi.dll); off Windows"
                    + " it runs only against the test shim named by " + PROPERTY + " or " + ENV + ".", 0, e);
        }
    }
}
