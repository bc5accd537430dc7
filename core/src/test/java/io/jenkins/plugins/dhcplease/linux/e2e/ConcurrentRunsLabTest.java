package io.jenkins.plugins.dhcplease.linux.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.dhcplease.files.PrivateFiles;
import io.jenkins.plugins.dhcplease.linux.LinuxDhcpClient;
import io.jenkins.plugins.dhcplease.linux.detect.ClientKind;
import io.jenkins.plugins.dhcplease.linux.state.StateStore;
import io.jenkins.plugins.dhcplease.linux.testbed.EngineProcess;
import io.jenkins.plugins.dhcplease.linux.testbed.ServerLease;
import io.jenkins.plugins.dhcplease.linux.testbed.Sh;
import io.jenkins.plugins.dhcplease.linux.testbed.Testbed;
import io.jenkins.plugins.dhcplease.linux.testbed.TestbedExtension;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs that meet on one interface, each in its own JVM with the production backend (two CLI runs, two agents'
 * steps): they take turns through the interface's lock, and afterwards exactly one client daemon runs with a lease
 * that dnsmasq agrees on. A run that cannot get the lock by its deadline is refused and changes nothing.
 */
class ConcurrentRunsLabTest {

    private static final Duration LONG = Duration.ofSeconds(25);

    @RegisterExtension
    final TestbedExtension testbed = new TestbedExtension(Testbed.Second.NONE);

    private Testbed lab() {
        return testbed.testbed();
    }

    private static void assertOneDaemonWithALease(Testbed lab, ClientKind client, String what) {
        String ifname = lab.clientInterface();
        assertEquals(1, LabDaemons.of(lab, client, ifname).size(), what + ": daemons " + LabDaemons.of(lab, client, ifname));
        ServerLease lease = lab.serverLease(Testbed.CLIENT_MAC).orElseThrow(() -> new AssertionError(what
                + ": dnsmasq holds no lease:\n" + lab.serverLeaseFile()));
        assertEquals(Optional.of(lease.ip()), lab.clientAddress(ifname), what + ": the address is not dnsmasq's lease");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"DHCLIENT, release-then-renew", "DHCPCD, release-then-renew", "UDHCPC, release-then-renew",
            "DHCLIENT, renew", "DHCPCD, renew", "UDHCPC, renew"})
    void twoRunsAtOnceTakeTurnsAndLeaveOneDaemon(ClientKind client, String action) throws Exception {
        lab().startClient(client);
        String ifname = lab().clientInterface();

        EngineProcess a = EngineProcess.start(lab(), List.of(), action, ifname, LONG);
        EngineProcess b = EngineProcess.start(lab(), List.of(), action, ifname, LONG);
        Sh.Result ra = a.await(LONG.plusSeconds(10));
        Sh.Result rb = b.await(LONG.plusSeconds(10));

        for (Sh.Result r : List.of(ra, rb)) {
            assertEquals(0, r.code(), r.out() + r.err());
            assertTrue(r.out().startsWith("renewed|0|"), r.out());
        }
        assertOneDaemonWithALease(lab(), client, "after two concurrent " + action + "s");
        assertFalse(Files.exists(StateStore.RUN_DIR.resolve(ifname + ".state")), "a release record is left behind");
    }

    @ParameterizedTest
    @EnumSource(value = ClientKind.class, names = {"DHCLIENT", "DHCPCD", "UDHCPC"})
    void aRunThatCannotGetTheLockInTimeIsRefusedAndChangesNothing(ClientKind client) throws Exception {
        lab().startClient(client);
        String ifname = lab().clientInterface();
        List<Long> daemons = LabDaemons.of(lab(), client, ifname);
        String leases = lab().serverLeaseFile();
        List<String> addresses = lab().labAddresses();
        PrivateFiles.ensurePrivateDirectory(StateStore.RUN_DIR);
        Path lockFile = StateStore.RUN_DIR.resolve(ifname + ".lock");

        // another run, as far as the lock is concerned: it holds the lock file and says who it is
        try (FileChannel ch = FileChannel.open(lockFile, java.util.Set.of(StandardOpenOption.CREATE,
                StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
             FileLock held = ch.lock()) {
            ch.write(java.nio.ByteBuffer.wrap("dhcp-lease in process 4242, since 2026-12-01T10:00:00Z\n".getBytes()));

            Sh.Result r = EngineProcess.start(lab(), List.of(), "release-then-renew", ifname, Duration.ofMillis(1_500))
                    .await(Duration.ofSeconds(20));

            assertEquals(1, r.code(), r.out() + r.err());
            assertTrue(r.out().startsWith("failed|" + LinuxDhcpClient.BUSY + "|Nothing was changed: another dhcp-lease run"
                    + " is working on " + ifname + " (dhcp-lease in process 4242, since 2026-12-01T10:00:00Z)"), r.out());
        }
        assertEquals(daemons, LabDaemons.of(lab(), client, ifname));
        assertEquals(leases, lab().serverLeaseFile());
        assertEquals(addresses, lab().labAddresses());
    }
}
