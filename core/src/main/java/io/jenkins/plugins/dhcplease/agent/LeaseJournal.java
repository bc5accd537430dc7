package io.jenkins.plugins.dhcplease.agent;

import io.jenkins.plugins.dhcplease.files.Json;
import io.jenkins.plugins.dhcplease.files.PrivateFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The agent's record of each operation, on its disk, so that the outcome outlives the channel and the agent JVM:
 * {@code <id>.json} (the request, the job's state and, once done, its report; replaced atomically),
 * {@code <id>.log} (the job's progress lines, appended) and {@code <id>.out} (the job process's own output). Plain
 * JSON only; nothing another local user wrote is believed (the default directory is in the shared tmpdir). An entry
 * stays until the controller acknowledges it, or a day has passed.
 */
public final class LeaseJournal {

    /** System property naming the journal directory; default {@code <java.io.tmpdir>/dhcp-lease-journal}. */
    public static final String DIR_PROPERTY = "dhcplease.journal.dir";
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._-]{1,80}");

    private final Path dir;

    public LeaseJournal(Path dir) {
        this.dir = dir;
    }

    public static LeaseJournal defaultLocation() {
        String configured = System.getProperty(DIR_PROPERTY);
        return new LeaseJournal(configured != null ? Path.of(configured)
                : Path.of(System.getProperty("java.io.tmpdir"), "dhcp-lease-journal"));
    }

    public Path dir() {
        return dir;
    }

    /** Replaces the entry for {@code id} in one atomic step: a reader sees the old entry or the new, never half. */
    public void write(String id, Map<String, Object> entry) throws IOException {
        PrivateFiles.replace(file(id, ".json"), Json.write(entry).getBytes(StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    public Optional<Map<String, Object>> read(String id) throws IOException {
        Path f = file(id, ".json");
        try {
            trusted(f);
            Object v = Json.parse(Files.readString(f, StandardCharsets.UTF_8));
            if (!(v instanceof Map)) {
                throw new IOException("journal entry " + f + " is not a dhcp-lease record");
            }
            return Optional.of((Map<String, Object>) v);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            throw new IOException("journal entry " + f + " is not a dhcp-lease record: " + e.getMessage(), e);
        }
    }

    /** Appends one progress line (the job's log); best effort, like every log line. */
    public void appendLine(String id, String line) {
        Path f = file(id, ".log");
        try {
            Files.createDirectories(dir);
            // never through a link: the directory may be one other users can write to
            try (OutputStream out = Files.newOutputStream(f, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                out.write((line.replace('\n', ' ') + "\n").getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the outcome still goes into the entry
        }
    }

    /** The progress lines from line {@code from} on (0-based); none when there is no log yet. */
    public List<String> lines(String id, int from) throws IOException {
        Path f = file(id, ".log");
        try {
            trusted(f);
            List<String> all = Files.readAllLines(f, StandardCharsets.UTF_8);
            return from >= all.size() ? List.of() : new ArrayList<>(all.subList(from, all.size()));
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }

    /** Where the job process's own stdout and stderr go. */
    public Path outputFile(String id) {
        return file(id, ".out");
    }

    /** The last few lines of the job process's own output, for a message when it died. */
    public String outputTail(String id) {
        try {
            List<String> all = Files.readAllLines(outputFile(id), StandardCharsets.UTF_8);
            return String.join(" | ", all.subList(Math.max(0, all.size() - 5), all.size()));
        } catch (IOException e) {
            return "";
        }
    }

    public void remove(String id) throws IOException {
        for (String suffix : List.of(".json", ".log", ".out")) {
            Files.deleteIfExists(file(id, suffix));
        }
    }

    /** Deletes entries (and stray temp files) last written before {@code maxAge} ago; returns how many. Never throws. */
    public int prune(Duration maxAge) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        Instant cutoff = Instant.now().minus(maxAge);
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                try {
                    if (Files.getLastModifiedTime(f).toInstant().isBefore(cutoff)) {
                        Files.deleteIfExists(f);
                        removed++;
                    }
                } catch (IOException e) {
                    // another agent process pruning at the same time: its delete wins
                }
            }
        } catch (IOException e) {
            // best effort, like every journal write: an unreadable directory must not stop the operation itself
        }
        return removed;
    }

    private void trusted(Path f) throws IOException {
        if (!PrivateFiles.writtenBySelf(f)) {
            throw new IOException("journal file " + f + " was not written by the user this agent runs as (another"
                    + " local user can write to " + dir + "); it is ignored. Set -D" + DIR_PROPERTY
                    + " to a directory only the agent's user can write");
        }
    }

    private Path file(String id, String suffix) {
        if (!SAFE_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("request id '" + id + "' is not a safe file name");
        }
        return dir.resolve(id + suffix);
    }
}
