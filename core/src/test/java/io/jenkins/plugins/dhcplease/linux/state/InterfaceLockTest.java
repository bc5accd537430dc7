package io.jenkins.plugins.dhcplease.linux.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.dhcplease.engine.Deadline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InterfaceLockTest {

    @TempDir
    Path dir;

    private StateStore store() {
        return new StateStore(dir.resolve("state"));
    }

    @Test
    void aSecondRunWaitsForTheFirstThenGetsTheLock() throws Exception {
        StateStore s = store();
        InterfaceLock first = s.lock("eth0", "run A", Deadline.after(Duration.ofSeconds(1)));
        CompletableFuture<Long> second = CompletableFuture.supplyAsync(() -> {
            long t0 = System.nanoTime();
            try (InterfaceLock l = s.lock("eth0", "run B", Deadline.after(Duration.ofSeconds(5)))) {
                return (System.nanoTime() - t0) / 1_000_000;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(300);
        assertTrue(!second.isDone(), "the second run did not wait");

        first.close();

        assertTrue(second.get(5, TimeUnit.SECONDS) >= 250, "waited too little");
        assertEquals("0700", mode(dir.resolve("state")));
        assertEquals("0600", mode(s.lockFile("eth0")));
    }

    @Test
    void aRunThatWaitsPastItsDeadlineIsToldWhoHoldsTheInterface() throws Exception {
        StateStore s = store();
        try (InterfaceLock held = s.lock("eth0", "dhcp-lease in process 812", Deadline.after(Duration.ofSeconds(1)))) {
            InterfaceLock.Busy busy = assertThrows(InterfaceLock.Busy.class,
                    () -> s.lock("eth0", "run B", Deadline.after(Duration.ofMillis(200))));

            assertTrue(busy.holder().startsWith("dhcp-lease in process 812, since "), busy.holder());
            assertEquals(Optional.empty(), s.lockIfFree("eth0", "tidy"));
            try (InterfaceLock other = s.lock("eth1", "run C", Deadline.after(Duration.ofMillis(200)))) {
                // another interface is another lock
            }
        }
        assertTrue(s.lockIfFree("eth0", "tidy").map(l -> {
            l.close();
            return true;
        }).orElse(false));
    }

    @Test
    void aLockFileOthersMayReadOrALinkIsRefused() throws Exception {
        StateStore s = store();
        s.lock("eth0", "a", Deadline.after(Duration.ofSeconds(1))).close();
        Files.setPosixFilePermissions(s.lockFile("eth0"), PosixFilePermissions.fromString("rw-r--r--"));
        IOException e = assertThrows(IOException.class, () -> s.lock("eth0", "b", Deadline.after(Duration.ofSeconds(1))));
        assertTrue(e.getMessage().contains("is not a private file"), e.getMessage());

        Files.createSymbolicLink(s.lockFile("eth1"), dir.resolve("elsewhere"));
        assertThrows(IOException.class, () -> s.lock("eth1", "b", Deadline.after(Duration.ofSeconds(1))));
        assertTrue(!Files.exists(dir.resolve("elsewhere")), "the link was followed");
    }

    @Test
    void aStateDirectoryOthersMayWriteIsRefusedOneTheyMayOnlyReadIsTightened() throws Exception {
        Path state = Files.createDirectories(dir.resolve("state"));
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxr-xr-x"));
        store().lock("eth0", "a", Deadline.after(Duration.ofSeconds(1))).close();
        assertEquals("0700", mode(state));

        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxrwxrwx"));
        IOException e = assertThrows(IOException.class, () -> store().saveRelease("eth0",
                new ReleaseRecord(io.jenkins.plugins.dhcplease.linux.detect.ClientKind.DHCPCD, java.util.List.of("dhcpcd"),
                        null, java.time.Instant.now())));
        assertTrue(e.getMessage().contains("may be written by other users"), e.getMessage());
        assertEquals(Optional.empty(), store().release("eth0", null));
    }

    private static String mode(Path p) throws IOException {
        return String.format("%04o", (Integer) Files.getAttribute(p, "unix:mode") & 07777);
    }
}
