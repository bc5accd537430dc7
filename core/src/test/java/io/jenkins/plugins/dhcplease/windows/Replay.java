package io.jenkins.plugins.dhcplease.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Library;
import com.sun.jna.Native;
import io.jenkins.plugins.dhcplease.model.LeaseException;
import io.jenkins.plugins.dhcplease.windows.jna.WindowsNative;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The test side of src/test/native/iphlpapi_replay.c: plays a recording of a real IP Helper implementation (made by
 * iphlpapi_dumper.exe under Wine) back to the unmodified binding, through the binding's library override.
 */
final class Replay {

    /** The replay's test-control exports. */
    interface Control extends Library {
        int replay_load(String path);

        String replay_error();

        int replay_calls(String function);

        int replay_value(String function);
    }

    private static Control control;

    private Replay() {
    }

    /** The replay library the build made, next to the shim. */
    static Path library() {
        Path p = Shim.library().resolveSibling("libiphlpapi_replay.so");
        assertTrue(Files.isRegularFile(p), "the build did not provide " + p + " (core/src/test/native/build.sh)");
        return p;
    }

    static synchronized Control control() {
        if (control == null) {
            control = Native.load(library().toString(), Control.class);
        }
        return control;
    }

    static void play(Path dump) {
        assertEquals(0, control().replay_load(dump.toString()), () -> "replay rejected " + dump + ": "
                + control().replay_error());
    }

    static int calls(String function) {
        return control().replay_calls(function);
    }

    /** The Windows pid the dumper's TCP rows carry (its GetCurrentProcessId). */
    static long dumperPid() {
        int v = control().replay_value("GetCurrentProcessId");
        assertTrue(v != -1, "the recording has no GetCurrentProcessId");
        return Integer.toUnsignedLong(v);
    }

    /** The real binding over the replay: the same override as the shim's, naming the replay library. */
    static WindowsDhcpClient client() throws LeaseException {
        return new WindowsDhcpClient(WindowsNative.load(library(), "the Wine replay"));
    }
}
