package io.jenkins.plugins.dhcplease.linux.state;

import io.jenkins.plugins.dhcplease.files.PrivateFiles;
import io.jenkins.plugins.dhcplease.linux.detect.ClientKind;
import io.jenkins.plugins.dhcplease.engine.Deadline;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Small plain-text files that outlive one run of dhcp-lease: {@code <dir>/<ifname>.state} holds the
 * {@link ReleaseRecord} of a stopped client; {@code <dir>/<ifname>.<name>} other per-interface facts;
 * {@code <dir>/<ifname>.lock} the lock that keeps two runs off one interface ({@link #lock}).
 *
 * <p>A record is run as a command line at the next renew: the directory must be this user's (root's) alone, mode
 * 0700, and only files in it that {@link PrivateFiles#isPrivateFile this user wrote, mode 0600} count — a directory or
 * file that fails is refused before use, never repaired into trust.
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

    /**
     * /run/dhcp-lease. There is no fallback: only root changes leases (others are refused first), and a directory
     * anyone may create in a shared tmpdir is no place for commands root will run.
     */
    public static StateStore forThisMachine() {
        return new StateStore(RUN_DIR);
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
        m.put("static", r.staticAddresses());
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
                    m.getOrDefault("arg", List.of()), ns, Instant.parse(first(m, "released")),
                    m.getOrDefault("static", List.of())));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    public void clearRelease(String ifname) {
        delete(releaseFile(ifname));
    }

    /**
     * Why a release record of {@code ifname} that exists is not believed (another user's file, readable or writable by
     * others, a link, or a directory others may write); empty when there is none or it is believed.
     */
    public Optional<String> refusedRecord(String ifname) {
        Path f = releaseFile(ifname);
        try {
            if (!Files.exists(f, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            if (!PrivateFiles.isPrivateDirectory(dir)) {
                return Optional.of(dir + " is not a directory only " + self() + " may enter (mode 0700)");
            }
            if (!PrivateFiles.isPrivateFile(f)) {
                PosixFileAttributes a = Files.readAttributes(f, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                return Optional.of(f + " is " + (a.isSymbolicLink() ? "a symbolic link" : !a.isRegularFile()
                        ? "not a regular file" : "owned by " + a.owner().getName() + " with mode "
                        + PosixFilePermissions.toString(a.permissions())) + ", not a private file of " + self()
                        + " (mode 0600)");
            }
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.of(f + " cannot be examined (" + e.getMessage() + ")");
        }
        return Optional.empty();
    }

    private static String self() {
        return PrivateFiles.self() == null ? "this process's user" : PrivateFiles.self().getName();
    }

    /** The interfaces that have a release record here (records of other namespaces included). */
    public List<String> releasedInterfaces() {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.state")) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                out.add(name.substring(0, name.length() - ".state".length()));
            }
        } catch (IOException e) {
            // no directory: no records
        }
        return out;
    }

    /**
     * Takes {@code ifname}'s lock, waiting for another run until {@code deadline}.
     *
     * @param holder who takes it, for the message of a run that waits
     */
    public InterfaceLock lock(String ifname, String holder, Deadline deadline)
            throws IOException, InterruptedException, InterfaceLock.Busy {
        PrivateFiles.ensurePrivateDirectory(dir);
        return InterfaceLock.acquire(lockFile(ifname), holder, deadline);
    }

    /** Takes {@code ifname}'s lock only if no run holds it now. */
    public Optional<InterfaceLock> lockIfFree(String ifname, String holder) throws IOException, InterruptedException {
        PrivateFiles.ensurePrivateDirectory(dir);
        return InterfaceLock.tryAcquire(lockFile(ifname), holder);
    }

    public Path lockFile(String ifname) {
        return dir.resolve(ifname + ".lock");
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
        PrivateFiles.ensurePrivateDirectory(dir);
        PrivateFiles.replace(file, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private Map<String, List<String>> read(Path file) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        List<String> lines;
        try {
            // most interfaces have no file: one lstat for them, the owner checks only for a file that is there
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS) || !PrivateFiles.isPrivateDirectory(dir)
                    || !PrivateFiles.isPrivateFile(file)) {
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
