package io.jenkins.plugins.dhcplease.linux.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.dhcplease.engine.LeaseEngine;
import io.jenkins.plugins.dhcplease.linux.LinuxDhcpClient;
import io.jenkins.plugins.dhcplease.linux.detect.ClientKind;
import io.jenkins.plugins.dhcplease.model.LeaseAction;
import io.jenkins.plugins.dhcplease.model.LeaseRequest;
import io.jenkins.plugins.dhcplease.model.OutcomeStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fixture itself: isolation, cleanup, and recovery from a crashed run. */
class TestbedTest {

    @BeforeEach
    void root() {
        Testbed.assumeRoot();
    }

    private static boolean namespaceExists(String ns) {
        return Files.exists(Path.of("/run/netns", ns));
    }

    @Test
    void closeRemovesNamespacesProcessesFilesAndClientState() {
        Testbed tb = Testbed.create(Testbed.Second.STATIC);
        tb.startClient(ClientKind.DHCPCD);
        List<Long> pids = tb.labPids();
        assertFalse(pids.isEmpty());
        assertTrue(Files.exists(Path.of("/var/lib/dhcpcd", tb.clientInterface() + ".lease")));

        tb.close();

        for (String ns : List.of(tb.serverNamespace(), tb.labNamespace(), tb.peerNamespace())) {
            assertFalse(namespaceExists(ns), ns);
        }
        for (long pid : pids) {
            assertFalse(ProcessHandle.of(pid).map(p -> Files.exists(Path.of("/proc", pid + "/ns/net"))).orElse(false),
                    "process " + pid + " survived");
        }
        assertFalse(Files.exists(tb.dir()));
        assertFalse(Files.exists(Path.of("/var/lib/dhcpcd", tb.clientInterface() + ".lease")));
        assertFalse(Files.exists(Path.of("/run/dhcpcd", tb.clientInterface() + "-4.pid")));
    }

    @Test
    void whatACrashedRunLeftIsRemovedBeforeUse() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        String id = Testbed.idFor(gone.pid(), 1);
        Sh.ok(List.of("ip", "netns", "add", id + "-lab"));
        Sh.ok(List.of("ip", "netns", "exec", id + "-lab", "sh", "-c", "sleep 300 & exit 0"));
        List<Long> stray = Sh.run(List.of("ip", "netns", "pids", id + "-lab")).out().lines().map(Long::parseLong).toList();
        assertEquals(1, stray.size());
        Path dir = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "dhcp-lease-testbed", id));
        Path lease = Files.writeString(Files.createDirectories(Path.of("/var/lib/dhcpcd")).resolve(id + "-c.lease"), "x");

        Testbed.cleanStaleNow();

        assertFalse(namespaceExists(id + "-lab"));
        assertFalse(Files.exists(dir));
        assertFalse(Files.exists(lease));
        Thread.sleep(50);
        String stat = Files.exists(Path.of("/proc", stray.get(0) + "/stat"))
                ? Files.readString(Path.of("/proc", stray.get(0) + "/stat")) : "";
        assertTrue(stat.isEmpty() || stat.contains(") Z"), "the stray sleep survived: " + stat);
    }

    @Test
    void aLiveRunsTestbedIsNotStale() {
        try (Testbed mine = Testbed.create(Testbed.Second.NONE)) {
            Testbed.cleanStaleNow();
            assertTrue(namespaceExists(mine.labNamespace()));
        }
    }

    @Test
    void twoTestbedsSideBySideNeverSeeEachOthersClients() throws Exception {
        try (Testbed a = Testbed.create(Testbed.Second.NONE); Testbed b = Testbed.create(Testbed.Second.NONE)) {
            a.startClient(ClientKind.UDHCPC);
            b.startClient(ClientKind.UDHCPC);
            String bLease = b.serverLeaseFile();

            var report = new LeaseEngine(new LinuxDhcpClient(a.host())).run(LeaseRequest.builder(LeaseAction.RELEASE)
                    .selector(a.clientInterface()).timeout(Duration.ofSeconds(10)).build(), line -> { });

            assertEquals(OutcomeStatus.RELEASED, report.outcomes().get(0).status(), report::toString);
            assertEquals(Optional.empty(), a.serverLease(Testbed.CLIENT_MAC));
            assertEquals(bLease, b.serverLeaseFile());
            assertTrue(b.clientAddress(b.clientInterface()).isPresent());
            assertEquals(1, new LinuxDhcpClient(a.host()).adapters().size(), "a's lab holds a's interface only");
        }
    }
}
