package io.jenkins.plugins.dhcplease.linux.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.dhcplease.linux.FakeMachine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trust rules over a fake /proc and file tree (its owner stands for root). */
class ProcessTrustTest {

    @TempDir
    Path root;

    private FakeMachine machine() {
        return new FakeMachine(root);
    }

    private Optional<String> distrust(FakeMachine m, long pid, ClientKind kind) {
        ProcessInfo p = m.host().processes().process(pid).orElseThrow();
        return m.host().trust().distrust(p, kind);
    }

    private static void assertDistrusted(Optional<String> why, String expected) {
        assertTrue(why.isPresent() && why.get().contains(expected), "expected '" + expected + "' in " + why);
    }

    private static UserPrincipal nobody(Path anywhere) throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "giving a file to another user needs root (CI runs as root)");
        return anywhere.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
    }

    @Test
    void rootRunningTheSystemBinaryIsBelieved() throws Exception {
        FakeMachine m = machine().process(FakeMachine.NETNS, 10, 0, "/usr/sbin/dhclient", "dhclient", "dhclient",
                "-sf", "/sbin/dhclient-script", "-pf", "/run/dhclient.eth0.pid", "eth0");

        assertEquals(Optional.empty(), distrust(m, 10, ClientKind.DHCLIENT));
    }

    @Test
    void anotherUsersProcessIsNeverBelievedWhateverItsArgvSays() throws Exception {
        FakeMachine m = machine().process(FakeMachine.NETNS, 11, 65534, "/usr/sbin/dhclient", "dhclient",
                "/usr/sbin/dhclient", "eth0");

        assertDistrusted(distrust(m, 11, ClientKind.DHCLIENT), "runs as uid 65534, not as root");
    }

    @Test
    void argv0IsNotTheBinary() throws Exception {
        FakeMachine m = machine().process(FakeMachine.NETNS, 12, 0, "/bin/sleep", "dhclient", "/usr/sbin/dhclient",
                "eth0");

        assertEquals("sleep", m.host().processes().process(12).orElseThrow().program());
        assertDistrusted(distrust(m, 12, ClientKind.DHCLIENT), "it runs /bin/sleep, not dhclient");
    }

    @Test
    void aBinaryInADirectoryOthersMayWriteIsNotBelieved() throws Exception {
        FakeMachine m = machine().process(FakeMachine.NETNS, 13, 0, "/home/u/bin/dhclient", "dhclient", "dhclient", "eth0");
        Files.setPosixFilePermissions(root.resolve("home/u"), PosixFilePermissions.fromString("rwxrwxrwx"));

        assertDistrusted(distrust(m, 13, ClientKind.DHCLIENT), "home/u is writable by its group and others (mode 777)");
    }

    @Test
    void aStickyDirectoryOfRootsCountsOthersCannotReplaceItsEntries() throws Exception {
        FakeMachine m = machine().process(FakeMachine.NETNS, 14, 0, "/tmp/lab/dhclient", "dhclient", "dhclient", "eth0");
        Files.setPosixFilePermissions(root.resolve("tmp"), PosixFilePermissions.fromString("rwxrwxrwx"));

        assertDistrusted(distrust(m, 14, ClientKind.DHCLIENT), "is writable by");
        Files.setAttribute(root.resolve("tmp"), "unix:mode", 01777);
        assertEquals(Optional.empty(), distrust(m, 14, ClientKind.DHCLIENT));
    }

    @Test
    void aBinaryOthersMayWriteIsNotBelieved() throws Exception {
        FakeMachine m = machine().process(FakeMachine.NETNS, 15, 0, "/usr/sbin/dhcpcd", "dhcpcd", "dhcpcd: eth0 [ip4]");
        Files.setPosixFilePermissions(root.resolve("usr/sbin/dhcpcd"), PosixFilePermissions.fromString("rwxrwxr-x"));

        assertDistrusted(distrust(m, 15, ClientKind.DHCPCD), "usr/sbin/dhcpcd is writable by its group (mode 775)");
    }

    @Test
    void aBinaryAnotherUserOwnsIsNotBelieved() throws Exception {
        FakeMachine m = machine().process(FakeMachine.NETNS, 16, 0, "/usr/local/sbin/dhclient", "dhclient", "dhclient",
                "eth0");
        Files.setOwner(root.resolve("usr/local/sbin/dhclient"), nobody(root));

        assertDistrusted(distrust(m, 16, ClientKind.DHCLIENT), "is owned by uid 65534, not root");
    }

    @Test
    void aReplacedSystemBinaryCountsByItsDirectory() throws Exception {
        FakeMachine m = machine().process(FakeMachine.NETNS, 17, 0, "/usr/sbin/dhclient", "dhclient", "dhclient", "eth0");
        Files.delete(root.resolve("proc/17/exe"));
        Files.createSymbolicLink(root.resolve("proc/17/exe"), Path.of("/usr/sbin/dhclient (deleted)"));

        assertEquals(Optional.empty(), distrust(m, 17, ClientKind.DHCLIENT));
        Files.setPosixFilePermissions(root.resolve("usr/sbin"), PosixFilePermissions.fromString("rwxrwxrwx"));
        assertDistrusted(distrust(m, 17, ClientKind.DHCLIENT), "usr/sbin is writable");
    }

    @Test
    void aPlantedScriptArgumentMakesTheWholeProcessUnbelieved() throws Exception {
        FakeMachine m = machine().file("/home/u/hook", "#!/bin/sh\ntouch /tmp/pwned\n")
                .process(FakeMachine.NETNS, 18, 0, "/usr/sbin/dhclient", "dhclient", "dhclient", "-sf", "/home/u/hook",
                        "eth0");
        Files.setOwner(root.resolve("home/u/hook"), nobody(root));

        assertDistrusted(distrust(m, 18, ClientKind.DHCLIENT), "its argument /home/u/hook is not root's alone");
    }

    @Test
    void aScriptReachedThroughAnotherUsersLinkIsNotBelieved() throws Exception {
        FakeMachine m = machine().file("/etc/dhcp/real-hook", "#!/bin/sh\n")
                .process(FakeMachine.NETNS, 19, 0, "/bin/busybox", "udhcpc", "udhcpc", "-i", "eth0", "-s",
                        "/var/tmp/hook");
        Files.createDirectories(root.resolve("var/tmp"));
        Files.setAttribute(root.resolve("var/tmp"), "unix:mode", 01777);
        // an absolute target, as on the machine: it resolves under the machine's root (the fake tree)
        Path link = Files.createSymbolicLink(root.resolve("var/tmp/hook"), Path.of("/etc/dhcp/real-hook"));
        assertEquals(Optional.empty(), distrust(m, 19, ClientKind.UDHCPC), "root's link in a sticky directory counts");

        Files.getFileAttributeView(link, java.nio.file.attribute.PosixFileAttributeView.class,
                java.nio.file.LinkOption.NOFOLLOW_LINKS).setOwner(nobody(root));
        assertDistrusted(distrust(m, 19, ClientKind.UDHCPC), "is a symbolic link owned by uid 65534");
    }

    @Test
    void aPidFileNotYetWrittenCountsByTheDirectoryItWillBeIn() throws Exception {
        FakeMachine m = machine().process(FakeMachine.NETNS, 20, 0, "/usr/sbin/dhclient", "dhclient", "dhclient",
                "-pf", "/run/missing/dir/dhclient.pid", "eth0");
        Files.createDirectories(root.resolve("run"));

        assertEquals(Optional.empty(), distrust(m, 20, ClientKind.DHCLIENT));
        Files.setPosixFilePermissions(root.resolve("run"), PosixFilePermissions.fromString("rwxrwxrwx"));
        assertDistrusted(distrust(m, 20, ClientKind.DHCLIENT), "the directory " + root.resolve("run"));
    }

    @Test
    void aDaemonInAMountNamespaceOfItsOwnIsJudgedUnderItsRoot() throws Exception {
        // LinuxHost's root may be /proc/PID/root (owned by the daemon's uid): only what lies below it is the machine's
        FakeMachine m = machine().process(FakeMachine.NETNS, 21, 0, "/usr/sbin/dhclient", "dhclient", "dhclient", "eth0");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxrwxrwx"));
        try {
            assertEquals(Optional.empty(), distrust(m, 21, ClientKind.DHCLIENT));
            Files.delete(root.resolve("proc/21/exe"));
            Files.createSymbolicLink(root.resolve("proc/21/exe"), Path.of("/usr/sbin/../../../outside/dhclient"));
            assertDistrusted(distrust(m, 21, ClientKind.DHCLIENT), "lies outside");
        } finally {
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void fileArgumentsInEverySpelling() {
        assertEquals(List.of("/a", "/b", "/c", "/d"), ProcessTrust.fileArguments(ClientKind.UDHCPC,
                List.of("-i", "eth0", "-s", "/a", "--pidfile=/b", "-s/c", "--script", "/d", "-b")));
        assertEquals(List.of("/e", "/f"), ProcessTrust.fileArguments(ClientKind.DHCPCD,
                List.of("-4", "-f", "/e", "--script=/f", "eth0")));
        assertEquals(List.of("/g", "/h", "/i", "/j", "/k"), ProcessTrust.fileArguments(ClientKind.DHCLIENT,
                List.of("-sf", "/g", "-cf", "/h", "-pf", "/i", "-lf", "/j", "-df", "/k", "-v", "eth0")));
    }

    @Test
    void aPrivilegeSeparatedDhcpcdCountsThroughItsRootProxy() throws Exception {
        FakeMachine m = machine()
                .process(FakeMachine.NETNS, 40, 1, 102, "/usr/sbin/dhcpcd", "dhcpcd", "dhcpcd: eth0 [ip4]")
                .process(FakeMachine.NETNS, 41, 40, 0, "/usr/sbin/dhcpcd", "dhcpcd", "dhcpcd: [privileged proxy] eth0 [ip4]")
                .process(FakeMachine.NETNS, 50, 1, 102, "/usr/sbin/dhcpcd", "dhcpcd", "dhcpcd: eth1 [ip4]")
                .process(FakeMachine.NETNS, 51, 50, 65534, "/usr/sbin/dhcpcd", "dhcpcd", "dhcpcd: [privileged proxy] eth1");
        List<ProcessInfo> table = m.host().processes().processes();
        ProcessTrust trust = m.host().trust();

        assertEquals(Optional.empty(), trust.distrust(m.host().processes().process(40).orElseThrow(), ClientKind.DHCPCD, table));
        assertDistrusted(trust.distrust(m.host().processes().process(50).orElseThrow(), ClientKind.DHCPCD, table),
                "no root process of the same binary");
    }

    @Test
    void managersAreBelievedOnlyAsTheirOwnBinary() throws Exception {
        FakeMachine m = machine()
                .process(FakeMachine.NETNS, 30, 0, "/usr/sbin/NetworkManager", "NetworkManager", "/usr/sbin/NetworkManager")
                .process(FakeMachine.NETNS, 31, 998, "/usr/lib/systemd/systemd-networkd", "systemd-network",
                        "/usr/lib/systemd/systemd-networkd")
                .process(FakeMachine.NETNS, 32, 1000, "/usr/lib/systemd/systemd-networkd", "systemd-network",
                        "/usr/lib/systemd/systemd-networkd");

        assertEquals(Optional.empty(), distrust(m, 30, ClientKind.NETWORK_MANAGER));
        assertEquals(Optional.empty(), distrust(m, 31, ClientKind.SYSTEMD_NETWORKD), "networkd's own system user");
        assertDistrusted(distrust(m, 32, ClientKind.SYSTEMD_NETWORKD), "uid 1000, not as root or a system user");
    }
}
