package io.jenkins.plugins.dhcplease.linux.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.dhcplease.linux.detect.ClientKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {

    @TempDir
    Path dir;

    @Test
    void aReleaseRecordRoundTripsWithOddArguments() throws Exception {
        StateStore store = new StateStore(dir.resolve("sub"));
        ReleaseRecord r = new ReleaseRecord(ClientKind.DHCLIENT, List.of("dhclient", "-lf", "/a b/c\\d", "x\ny", "eth0"),
                "net:[1]", Instant.parse("2026-11-25T08:00:00Z"));

        store.saveRelease("eth0", r);

        assertEquals(Optional.of(r), store.release("eth0", "net:[1]"));
        String text = Files.readString(store.releaseFile("eth0"));
        assertTrue(text.startsWith("# dhcp-lease stopped the DHCP client of eth0"), text);
        assertTrue(text.contains("arg=x\\ny\n"), text);
    }

    @Test
    void aRecordFromAnotherNamespaceOrNoneAtAllIsIgnored() throws Exception {
        StateStore store = new StateStore(dir);
        store.saveRelease("eth0", new ReleaseRecord(ClientKind.DHCPCD, List.of("dhcpcd", "eth0"), "net:[1]", Instant.now()));

        assertEquals(Optional.empty(), store.release("eth0", "net:[2]"));
        assertEquals(Optional.empty(), store.release("eth1", "net:[1]"));
        store.clearRelease("eth0");
        assertEquals(Optional.empty(), store.release("eth0", "net:[1]"));
    }

    @Test
    void aFailedWriteLeavesNoTemporaryFileBehind() throws Exception {
        StateStore store = new StateStore(dir);
        Files.createDirectories(store.releaseFile("eth0").resolve("in-the-way")); // a non-empty directory cannot be replaced
        ReleaseRecord r = new ReleaseRecord(ClientKind.DHCPCD, List.of("dhcpcd", "eth0"), "net:[1]", Instant.now());

        assertThrows(IOException.class, () -> store.saveRelease("eth0", r));

        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(store.releaseFile("eth0")), files.toList());
        }
    }

    @Test
    void aRecordOthersCouldHaveWrittenIsNeverTrusted() throws Exception {
        // a planted record would be run as a command at renew: only a 0600 file of our own counts
        StateStore store = new StateStore(dir);
        ReleaseRecord r = new ReleaseRecord(ClientKind.DHCPCD, List.of("dhcpcd", "eth0"), "net:[1]", Instant.now());
        store.saveRelease("eth0", r);
        assertEquals(Optional.of(r), store.release("eth0", "net:[1]"), "our own record counts");

        Files.setPosixFilePermissions(store.releaseFile("eth0"), PosixFilePermissions.fromString("rw-rw-rw-"));
        assertEquals(Optional.empty(), store.release("eth0", "net:[1]"), "a record anyone may write does not");

        store.saveRelease("eth0", r);
        Path link = dir.resolve("eth1.state");
        Files.createSymbolicLink(link, store.releaseFile("eth0"));
        assertEquals(Optional.empty(), store.release("eth1", "net:[1]"), "nor a link to one");
    }

    @Test
    void aRecordOwnedByAnotherUserIsNeverTrusted() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "giving a file to another user needs root (CI runs as root)");
        StateStore store = new StateStore(dir);
        store.saveRelease("eth0", new ReleaseRecord(ClientKind.DHCPCD, List.of("/tmp/evil", "eth0"), "net:[1]",
                Instant.now()));
        Files.setOwner(store.releaseFile("eth0"),
                dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));

        assertEquals(Optional.empty(), store.release("eth0", "net:[1]"));
    }

    @Test
    void aDamagedRecordCountsAsNone() throws Exception {
        StateStore store = new StateStore(dir);
        Files.writeString(store.releaseFile("eth0"), "client=telnet\nreleased=yesterday\n");

        assertEquals(Optional.empty(), store.release("eth0", null));
    }
}
