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
 * <p>On Windows both come from the system directory by full path ({@code C:\Windows\System32\iphlpapi.dll}), never
 * by bare name through the DLL search order: that order tries the application's directory (the JVM's) and may try
 * the working directory and PATH, where anyone who can write there could plant an iphlpapi.dll that an elevated
 * agent would load. The system directory comes from GetSystemDirectoryW of kernel32, which is a Known DLL: loaded
 * in every process from the system directory before any code of ours runs, so naming it cannot search anywhere.
 *
 * <p>When system property {@value #PROPERTY} or environment variable {@value #ENV} names a file, both the IP Helper
 * functions and FormatMessageW/LocalFree come from that file instead: that is how the tests (and a Jenkins agent JVM
 * on Linux, for plugin tests) run this binding against the C shim or a replay of Wine's answers.
 *
 * @param ipHelper the IP Helper functions
 * @param kernel32 FormatMessageW and LocalFree
 */
public record WindowsNative(IpHelperLibrary ipHelper, Kernel32Library kernel32) {

    public static final String PROPERTY = "dhcplease.iphlpapi";
    public static final String ENV = "DHCP_LEASE_IPHLPAPI";
    /** MAX_PATH: what a system directory fits in; a longer answer is asked for again with its size. */
    private static final int MAX_PATH = 260;

    /** The part of kernel32 needed before the DLLs are loaded by full path. */
    public interface SystemDirectory extends Library {
        /** The length written without the NUL; when {@code size} is too small the size needed with it; 0 on failure. */
        int GetSystemDirectoryW(short[] buffer, int size);
    }

    /** Loads what the property/environment name, else the Windows DLLs from the system directory. */
    public static WindowsNative load() throws LeaseException {
        String override = System.getProperty(PROPERTY);
        String origin = "system property " + PROPERTY;
        if (override == null || override.isBlank()) {
            override = System.getenv(ENV);
            origin = "environment variable " + ENV;
        }
        if (override == null || override.isBlank()) {
            return loadSystem();
        }
        return load(Path.of(override), origin);
    }

    /**
     * Loads both libraries from one stand-in file, as {@link #load()} does for the property (tests name their
     * library here directly when another one is already the property's).
     */
    public static WindowsNative load(Path library, String origin) throws LeaseException {
        if (!Files.isRegularFile(library)) {
            throw new LeaseException(LeaseException.Kind.BAD_INPUT, origin + " names " + library
                    + ", which is not a file. It must name the IP Helper stand-in library (the test shim); unset it"
                    + " to use Windows' own iphlpapi.dll.");
        }
        String path = library.toString();
        return load(path, path, path);
    }

    static int callingConvention() {
        return Platform.isWindows() && !Platform.is64Bit() ? Function.ALT_CONVENTION : Function.C_CONVENTION;
    }

    private static Map<String, Object> options() {
        // WINAPI is __stdcall on 32-bit x86 Windows and the one platform convention on x64 and ARM64; a shim built
        // by gcc off Windows uses the C convention (a stdcall interface there fails every call: "Unrecognized calling
        // convention: 63").
        return Map.of(Library.OPTION_CALLING_CONVENTION, callingConvention());
    }

    private static WindowsNative loadSystem() throws LeaseException {
        String dir;
        try {
            dir = systemDirectory(Native.load("kernel32", SystemDirectory.class, options()));
        } catch (UnsatisfiedLinkError e) {
            throw cannotLoad("kernel32.dll", e);
        }
        return load(systemLibrary(dir, "iphlpapi.dll"), systemLibrary(dir, "kernel32.dll"), systemLibrary(dir, "iphlpapi.dll"));
    }

    /** Windows' system directory, as GetSystemDirectoryW says ({@code C:\Windows\system32}). */
    public static String systemDirectory(SystemDirectory kernel32) throws LeaseException {
        int size = MAX_PATH;
        for (int attempt = 0; attempt < 2; attempt++) {
            short[] buffer = new short[size];
            int n = kernel32.GetSystemDirectoryW(buffer, size);
            if (n > 0 && n < size) {
                StringBuilder sb = new StringBuilder(n);
                for (int i = 0; i < n; i++) {
                    sb.append((char) buffer[i]);
                }
                return sb.toString();
            }
            if (n <= 0 || n > Short.MAX_VALUE) {
                break;
            }
            size = n; // too small: n is the size needed, NUL included
        }
        throw new LeaseException(LeaseException.Kind.UNSUPPORTED, "Windows would not say where its system directory"
                + " is (GetSystemDirectoryW failed), so the IP Helper API (iphlpapi.dll) was not loaded: it is loaded"
                + " only from there, never through the DLL search order. Check the agent's Windows installation.");
    }

    /** {@code dir\dll}: the full path that {@link #load()} gives LoadLibrary. */
    public static String systemLibrary(String dir, String dll) {
        return dir.endsWith("\\") ? dir + dll : dir + "\\" + dll;
    }

    private static WindowsNative load(String ipHelperName, String kernel32Name, String source) throws LeaseException {
        try {
            return new WindowsNative(Native.load(ipHelperName, IpHelperLibrary.class, options()),
                    Native.load(kernel32Name, Kernel32Library.class, options()));
        } catch (UnsatisfiedLinkError e) {
            throw cannotLoad(source, e);
        }
    }

    private static LeaseException cannotLoad(String source, UnsatisfiedLinkError e) {
        return new LeaseException(LeaseException.Kind.UNSUPPORTED, "cannot load the Windows IP Helper API from "
                + source + ": " + e.getMessage() + ". The Windows backend needs Windows (iphlpapi.dll); off Windows"
                + " it runs only against the test shim named by " + PROPERTY + " or " + ENV + ".", 0, e);
    }
}
