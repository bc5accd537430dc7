package io.jenkins.plugins.dhcplease.cli;

import java.io.Console;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The charset a standard stream's reader can show: what the JVM was told ({@code stdout.encoding}, Java 19+; the
 * Windows console's code page in {@code sun.stdout.encoding}), else the terminal's, else the locale's
 * ({@code native.encoding}, then LC_ALL / LC_CTYPE / LANG). A POSIX locale means ASCII.
 */
final class ConsoleCharset {
    private ConsoleCharset() {
    }

    /** @param stream {@code stdout} or {@code stderr} */
    static Charset of(String stream) {
        return of(stream, System.getProperties(), System.getenv(), System.console());
    }

    static Charset of(String stream, Properties props, Map<String, String> env, Console console) {
        for (String key : new String[] {stream + ".encoding", "sun." + stream + ".encoding"}) {
            Charset c = named(props.getProperty(key));
            if (c != null) {
                return c;
            }
        }
        if (console != null) {
            return console.charset();
        }
        Charset nativeEncoding = named(props.getProperty("native.encoding"));
        if (nativeEncoding != null) {
            return nativeEncoding;
        }
        return fromLocale(env);
    }

    /** The codeset of the first locale variable set, as POSIX orders them: {@code ll_CC.codeset@modifier}. */
    static Charset fromLocale(Map<String, String> env) {
        for (String key : new String[] {"LC_ALL", "LC_CTYPE", "LANG"}) {
            String value = env.get(key);
            if (value == null || value.isEmpty()) {
                continue;
            }
            if (value.equals("C") || value.equals("POSIX")) {
                return StandardCharsets.US_ASCII;
            }
            int dot = value.indexOf('.');
            if (dot >= 0) {
                int at = value.indexOf('@', dot);
                Charset c = named(value.substring(dot + 1, at < 0 ? value.length() : at));
                if (c != null) {
                    return c;
                }
            }
            return Charset.defaultCharset();
        }
        return Charset.defaultCharset();
    }

    private static Charset named(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.equals("utf8")) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(n);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
