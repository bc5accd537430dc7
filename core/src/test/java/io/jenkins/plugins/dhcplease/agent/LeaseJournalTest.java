package io.jenkins.plugins.dhcplease.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeaseJournalTest {

    @TempDir
    Path dir;

    @Test
    void writeReadRemove() throws Exception {
        LeaseJournal j = new LeaseJournal(dir.resolve("journal"));
        assertEquals(Optional.empty(), j.read("abc"));
        j.write("abc", Map.of("state", "done", "n", 3, "list", new ArrayList<>(List.of("x"))));
        assertEquals(Map.of("state", "done", "n", 3L, "list", List.of("x")), j.read("abc").orElseThrow(), "JSON numbers read back as Long");
        j.remove("abc");
        assertEquals(Optional.empty(), j.read("abc"));
    }

    @Test
    void readersNeverSeeAHalfWrittenEntry() throws Exception {
        LeaseJournal j = new LeaseJournal(dir);
        String big = "x".repeat(200_000);
        j.write("id", Map.of("v", big, "gen", 0));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                for (int i = 1; i < 200 && !stop.get(); i++) {
                    j.write("id", Map.of("v", big, "gen", i));
                }
            } catch (Throwable t) {
                failure.set(t);
            } finally {
                stop.set(true);
            }
        });
        writer.start();
        int reads = 0;
        while (!stop.get()) {
            Map<String, Object> e = j.read("id").orElseThrow();
            assertEquals(big, e.get("v"));
            reads++;
        }
        writer.join();
        assertEquals(null, failure.get());
        assertTrue(reads > 0);
        try (var files = Files.list(dir)) {
            assertEquals(List.of("id.json"), files.map(p -> p.getFileName().toString()).toList(), "no temp files left");
        }
    }

    @Test
    void anythingButAPlainJsonObjectIsRejected() throws Exception {
        LeaseJournal j = new LeaseJournal(dir);
        Files.write(dir.resolve("evil.json"), new byte[] {(byte) 0xac, (byte) 0xed, 0, 5}); // a Java serialization stream
        assertThrows(java.io.IOException.class, () -> j.read("evil"));
        Files.writeString(dir.resolve("list.json"), "[1,2]");
        assertThrows(java.io.IOException.class, () -> j.read("list"));
    }

    @Test
    void progressLinesAreAppendedNeverThroughALink() throws Exception {
        LeaseJournal j = new LeaseJournal(dir);
        j.appendLine("req", "one");
        j.appendLine("req", "two\nstill two");
        assertEquals(java.util.List.of("one", "two still two"), j.lines("req", 0));
        assertEquals(java.util.List.of("two still two"), j.lines("req", 1));

        Path target = Files.writeString(dir.resolve("victim"), "untouched\n");
        Files.createSymbolicLink(dir.resolve("planted.log"), target);
        j.appendLine("planted", "written through a link");
        assertEquals("untouched\n", Files.readString(target));
    }

    @Test
    void anEntryAnotherUserCouldHaveWrittenIsNotBelieved() throws Exception {
        // the default directory is in the shared tmpdir: a forged "done" report must not pass for the outcome
        LeaseJournal j = new LeaseJournal(dir);
        j.write("req", Map.of("state", "done"));
        assertEquals(Optional.of(Map.of("state", "done")), j.read("req"));
        Files.setPosixFilePermissions(dir.resolve("req.json"), PosixFilePermissions.fromString("rw-rw-rw-"));

        java.io.IOException e = assertThrows(java.io.IOException.class, () -> j.read("req"));
        assertTrue(e.getMessage().contains("was not written by the user this agent runs as"), e.getMessage());
        assertEquals(Optional.empty(), j.read("never-written"));
    }

    @Test
    void unsafeIdsAreRejected() {
        LeaseJournal j = new LeaseJournal(dir);
        assertThrows(IllegalArgumentException.class, () -> j.read("../etc/passwd"));
    }

    @Test
    void pruneRemovesOnlyOldEntries() throws Exception {
        LeaseJournal j = new LeaseJournal(dir);
        j.write("old", Map.of("state", "done"));
        j.write("new", Map.of("state", "done"));
        Files.setLastModifiedTime(dir.resolve("old.json"), FileTime.from(Instant.now().minus(Duration.ofDays(2))));
        assertEquals(1, j.prune(Duration.ofDays(1)));
        assertTrue(j.read("old").isEmpty());
        assertTrue(j.read("new").isPresent());
    }
}
