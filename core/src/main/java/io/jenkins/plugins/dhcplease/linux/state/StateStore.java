package io.jenkins.plugins.dhcplease.linux.state;

import io.jenkins.plugins.dhcplease.files.PrivateFiles;
import io.jenkins.plugins.dhcplease.linux.detect.ClientKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Small plain-text files that outlive one run of dhcp-lease: {@code <dir>/<ifname>.state} holds the
 * {@link ReleaseRecord} of a stopped client; {@code <dir>/<ifname>.<name>} other per-interface facts.
 *
 * <p>A record is run as a command line at the next renew, and the fallback directory lies in a tmpdir anyone can
 * write to: only files {@link PrivateFiles#writtenBySelf this JVM's user wrote} count.
 *
 * <p>Format: {@code key=value} lines, {@code #} comments; {@code arg=} repeats once per argument, in order. Values
 * escape backslash and newline as {@code \\} and {@code \n}.
 */
public final class StateStore {

    /** Where production keeps its files: tmpfs, gone after a reboot like the leases it describes. */
    public static final Path RUN_DIR = Path.of("/run/dhcp-lease");

    private final Path dir;

    public StateStore(Path dir) {
        this.dir = dir;
    }

    /** /run/dhcp-lease when it can be created there, else dhcp-lease under java.io.tmpdir. */
    public static StateStore forThisMachine() {
        try {
            Files.createDirectories(RUN_DIR);
            if (Files.isWritable(RUN_DIR)) {
                return new StateStore(RUN_DIR);
            }
        } catch (IOException | SecurityException ignored) {
            // not root: fall back below
        }
        return new StateStore(Path.of(System.getProperty("java.io.tmpdir"), "dhcp-lease"));
    }

    public Path dir() {
        return dir;
    }

    public Path releaseFile(String ifname) {
        return dir.resolve(ifname + ".state");
    }

    public void saveRelease(String ifname, ReleaseRecord r) throws IOException {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("client", List.of(r.kind().toolName()));
        m.put("netns", List.of(r.netns() == null ? "" : r.netns()));
        m.put("released", List.of(r.releasedAt().toString()));
        m.put("arg", r.argv());
        write(releaseFile(ifname), "dhcp-lease stopped the DHCP client of " + ifname
                + " when it released the lease; the next renew starts it again with these arguments", m);
    }

    /** The record for {@code ifname} if there is one from namespace {@code netns}; unreadable records count as none. */
    public Optional<ReleaseRecord> release(String ifname, String netns) {
        Map<String, List<String>> m = read(releaseFile(ifname));
        try {
            String ns = first(m, "netns");
            if (m.isEmpty() || netns != null && !ns.isEmpty() && !netns.equals(ns)) {
                return Optional.empty();
            }
            return Optional.of(new ReleaseRecord(ClientKind.fromToolName(first(m, "client")),
                    m.getOrDefault("arg", List.of()), ns, Instant.parse(first(m, "released"))));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    public void clearRelease(String ifname) {
        delete(releaseFile(ifname));
    }

    /** Reads {@code <dir>/<ifname>.<name>}; empty when absent. */
    public Map<String, List<String>> read(String ifname, String name) {
        return read(dir.resolve(ifname + "." + name));
    }

    public void write(String ifname, String name, String comment, Map<String, List<String>> values) throws IOException {
        write(dir.resolve(ifname + "." + name), comment, values);
    }

    private void write(Path file, String comment, Map<String, List<String>> values) throws IOException {
        StringBuilder sb = new StringBuilder("# ").append(comment).append('\n');
        values.forEach((k, vs) -> vs.forEach(v -> sb.append(k).append('=').append(escape(v)).append('\n')));
        PrivateFiles.replace(file, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, List<String>> read(Path file) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        List<String> lines;
        try {
            if (!PrivateFiles.writtenBySelf(file)) {
                return m;
            }
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return m;
        }
        for (String line : lines) {
            int eq = line.indexOf('=');
            if (line.startsWith("#") || eq < 0) {
                continue;
            }
            m.computeIfAbsent(line.substring(0, eq), k -> new ArrayList<>()).add(unescape(line.substring(eq + 1)));
        }
        return m;
    }

    private static String first(Map<String, List<String>> m, String key) {
        List<String> v = m.get(key);
        return v == null || v.isEmpty() ? "" : v.get(0);
    }

    private static void delete(Path f) {
        try {
            Files.deleteIfExists(f);
        } catch (IOException ignored) {
            // a stale record is ignored once a daemon runs again
        }
    }

    static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\n", "\\n");
    }

    static String unescape(String v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\\' && i + 1 < v.length()) {
                char n = v.charAt(++i);
                sb.append(n == 'n' ? '\n' : n);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
