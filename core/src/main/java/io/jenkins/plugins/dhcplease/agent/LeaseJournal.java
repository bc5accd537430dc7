package io.jenkins.plugins.dhcplease.agent;

import io.jenkins.plugins.dhcplease.files.PrivateFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Operation records on the agent's disk, one file per request id, each replaced atomically, so that a step can
 * collect the outcome through a new channel after the old one dropped. Entries hold plain JDK maps only, and
 * reading accepts nothing else, and nothing another local user wrote (the default directory is in the shared tmpdir).
 */
public final class LeaseJournal {

    /** System property naming the journal directory; default {@code <java.io.tmpdir>/dhcp-lease-journal}. */
    public static final String DIR_PROPERTY = "dhcplease.journal.dir";
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._-]{1,80}");
    private static final String SUFFIX = ".entry";
    private static final ObjectInputFilter PLAIN_VALUES = ObjectInputFilter.Config.createFilter(
            "maxdepth=10;maxrefs=100000;java.util.LinkedHashMap;java.util.HashMap;java.util.ArrayList;java.lang.String;"
                    + "java.lang.Number;java.lang.Integer;java.lang.Long;java.lang.Boolean;java.lang.Object;java.util.Map$Entry;!*");

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
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream oos = new ObjectOutputStream(bytes)) {
            oos.writeObject(new LinkedHashMap<>(entry));
        }
        PrivateFiles.replace(file(id), bytes.toByteArray());
    }

    @SuppressWarnings("unchecked")
    public Optional<Map<String, Object>> read(String id) throws IOException {
        try {
            if (!PrivateFiles.writtenBySelf(file(id))) {
                throw new IOException("journal entry " + file(id) + " was not written by the user this agent runs as"
                        + " (another local user can write to " + dir + "); it is ignored. Set -D" + DIR_PROPERTY
                        + " to a directory only the agent's user can write");
            }
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(file(id)); ObjectInputStream ois = new ObjectInputStream(in)) {
            ois.setObjectInputFilter(PLAIN_VALUES);
            return Optional.of((Map<String, Object>) ois.readObject());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (ClassNotFoundException | ClassCastException e) {
            throw new IOException("journal entry " + file(id) + " is not a dhcp-lease record: " + e, e);
        }
    }

    public void remove(String id) throws IOException {
        Files.deleteIfExists(file(id));
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

    private Path file(String id) {
        if (!SAFE_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("request id '" + id + "' is not a safe file name");
        }
        return dir.resolve(id + SUFFIX);
    }
}
