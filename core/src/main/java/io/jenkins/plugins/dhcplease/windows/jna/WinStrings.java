package io.jenkins.plugins.dhcplease.windows.jna;

import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;

/** Decoding of Windows strings without JNA's wchar_t (4 bytes on Linux): WCHAR is UTF-16 code units. */
public final class WinStrings {
    /** Longest WCHAR string read through a pointer: adapter names and descriptions are far shorter. */
    public static final int MAX_WIDE = 1024;

    private WinStrings() {
    }

    /** A NUL-terminated UTF-16 string at {@code p}; "" for NULL. */
    public static String wide(Pointer p) {
        if (p == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < MAX_WIDE; i++) {
            char c = (char) p.getShort(2L * i);
            if (c == 0) {
                break;
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /** Writes {@code s} as NUL-terminated UTF-16 into a WCHAR array (truncated to fit). */
    public static void putWide(String s, short[] into) {
        int n = Math.min(s.length(), into.length - 1);
        for (int i = 0; i < into.length; i++) {
            into[i] = i < n ? (short) s.charAt(i) : 0;
        }
    }

    /** A NUL-terminated ANSI string at {@code p}; "" for NULL. */
    public static String ansi(Pointer p) {
        return p == null ? "" : p.getString(0, StandardCharsets.ISO_8859_1.name());
    }
}
