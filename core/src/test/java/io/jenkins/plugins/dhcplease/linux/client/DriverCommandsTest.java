package io.jenkins.plugins.dhcplease.linux.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.dhcplease.engine.Deadline;
import io.jenkins.plugins.dhcplease.engine.OperationResult;
import io.jenkins.plugins.dhcplease.linux.FakeMachine;
import io.jenkins.plugins.dhcplease.linux.LinuxHost;
import io.jenkins.plugins.dhcplease.linux.detect.ClientKind;
import io.jenkins.plugins.dhcplease.linux.detect.Detection;
import io.jenkins.plugins.dhcplease.linux.state.ReleaseRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exact argument vectors each driver runs, and what it remembers; the clients themselves are exercised in the
 * namespace tests (dhclient, dhcpcd, udhcpc). systemd-networkd and NetworkManager are not available on the test
 * machine: these tests are all there is for them.
 */
class DriverCommandsTest {

    @TempDir
    Path root;

    private final Deadline deadline = Deadline.after(Duration.ofSeconds(30));

    private static Detection daemon(ClientKind kind, long pid, boolean ip4Only, String... argv) {
        return new Detection(kind, pid, List.of(argv), ip4Only, "test");
    }

    @Test
    void dhclientReleaseReusesTheDaemonsArgvAndRemembersIt() throws Exception {
        FakeMachine m = new FakeMachine(root);
        LinuxHost host = m.host();
        Detection d = daemon(ClientKind.DHCLIENT, 4242, false, "/sbin/dhclient", "-1", "-d", "-4", "-pf", "/run/x.pid", "eth0");

        OperationResult r = new DhclientDriver(host).release("eth0", d, deadline);

        assertTrue(r.ok(), r::toString);
        assertEquals(List.of(List.of("/sbin/dhclient", "-r", "-4", "-pf", "/run/x.pid", "eth0")), m.runner.ran());
        ReleaseRecord rec = host.state().release("eth0", FakeMachine.NETNS).orElseThrow();
        assertEquals(List.of("/sbin/dhclient", "-4", "-pf", "/run/x.pid", "eth0"), rec.argv(), "our own flags stripped");
    }

    @Test
    void aDhclientServingEveryInterfaceIsNeverStoppedForOne() throws Exception {
        FakeMachine m = new FakeMachine(root).process(4242, "dhclient", "dhclient", "-pf", "/run/dhclient.pid");
        Detection d = daemon(ClientKind.DHCLIENT, 4242, false, "dhclient", "-pf", "/run/dhclient.pid");

        for (OperationResult r : List.of(new DhclientDriver(m.host()).release("eth0", d, deadline),
                new DhclientDriver(m.host()).renew("eth0", d, deadline))) {
            assertEquals(CommandOutcomes.NOT_SUPPORTED, r.code());
            assertTrue(r.message().startsWith("Nothing was changed") && r.message().contains("serves every interface")
                    && r.message().contains("process 4242"), r.message());
        }
        assertEquals(List.of(), m.runner.ran(), "no command ran");
        assertTrue(m.host().state().release("eth0", FakeMachine.NETNS).isEmpty(), "no record written");
    }

    @Test
    void dhclientReleaseThatLeavesTheDaemonRunningIsAFailure() throws Exception {
        FakeMachine m = new FakeMachine(root).process(4242, "dhclient", "dhclient", "eth0");
        Detection d = daemon(ClientKind.DHCLIENT, 4242, false, "dhclient", "-pf", "/wrong.pid", "eth0");

        OperationResult r = new DhclientDriver(m.host()).release("eth0", d, deadline);

        assertFalse(r.ok());
        assertTrue(r.message().contains("still runs") && r.message().contains("kill 4242")
                && r.message().contains("Nothing else was started"), r.message());
    }

    @Test
    void dhclientRenewStopsThenRequestsOnceAndReportsAnExitCode() throws Exception {
        FakeMachine m = new FakeMachine(root);
        m.runner.answer("dhclient -1", 2, "", "No DHCPOFFERS received.");
        Detection d = daemon(ClientKind.DHCLIENT, 4242, false, "dhclient", "-v", "eth0");

        OperationResult r = new DhclientDriver(m.host()).renew("eth0", d, deadline);

        assertEquals(List.of(List.of("dhclient", "-x", "-v", "eth0"), List.of("dhclient", "-1", "-v", "eth0")), m.runner.ran());
        assertEquals(2, r.code());
        assertTrue(r.message().contains("No DHCPOFFERS received") && r.message().contains(".state"), r.message());
        assertTrue(m.host().state().release("eth0", FakeMachine.NETNS).isPresent(), "kept for the next renew");
    }

    @Test
    void dhclientRenewNeverStartsASecondDaemonWhenTheFirstWouldNotStop() throws Exception {
        FakeMachine m = new FakeMachine(root).process(4242, "dhclient", "dhclient", "eth0");
        Detection d = daemon(ClientKind.DHCLIENT, 4242, false, "dhclient", "-pf", "/wrong.pid", "eth0");

        OperationResult r = new DhclientDriver(m.host()).renew("eth0", d, deadline);

        assertFalse(r.ok());
        assertTrue(r.message().contains("Nothing else was started"), r.message());
        assertEquals(List.of(List.of("dhclient", "-x", "-pf", "/wrong.pid", "eth0")), m.runner.ran());
    }

    @Test
    void aSecondReleaseOfAStoppedDhcpcdRunsNothing() throws Exception {
        FakeMachine m = new FakeMachine(root);
        Detection stopped = daemon(ClientKind.DHCPCD, 0, true, "dhcpcd", "-4", "eth0");

        assertTrue(new DhcpcdDriver(m.host()).release("eth0", stopped, deadline).ok());
        assertEquals(List.of(), m.runner.ran());
    }

    @Test
    void dhclientRenewThatRecordsNoNewLeaseIsAFailureDespiteExitZero() throws Exception {
        FakeMachine m = new FakeMachine(root).file("/var/lib/dhcp/dhclient.eth0.leases", LeaseRecordsTest.DHCLIENT_LEASES);
        Detection d = daemon(ClientKind.DHCLIENT, 4242, false, "dhclient", "eth0");

        OperationResult r = new DhclientDriver(m.host()).renew("eth0", d, deadline);

        assertFalse(r.ok());
        assertTrue(r.message().contains("recorded no new lease"), r.message());
    }

    @Test
    void dhcpcdReleaseAndRenewGoThroughItsControlSocketWithTheDaemonsIpFamily() throws Exception {
        FakeMachine m = new FakeMachine(root);
        LinuxHost host = m.host("-f", "/etc/lab.conf");
        Detection d = daemon(ClientKind.DHCPCD, 77, true, "dhcpcd: eth0 [ip4]");

        assertTrue(new DhcpcdDriver(host).renew("eth0", d, deadline).ok());
        assertTrue(new DhcpcdDriver(host).release("eth0", d, deadline).ok());

        assertEquals(List.of(List.of("dhcpcd", "-4", "-N", "eth0"), List.of("dhcpcd", "-4", "-k", "eth0")), m.runner.ran());
        assertEquals(List.of("dhcpcd", "-4", "-f", "/etc/lab.conf", "eth0"),
                host.state().release("eth0", FakeMachine.NETNS).orElseThrow().argv(),
                "dhcpcd's title hides its argv: the start command is rebuilt");
    }

    @Test
    void dhcpcdRenewAfterAReleaseStartsTheRecordedCommandAndForgetsIt() throws Exception {
        FakeMachine m = new FakeMachine(root);
        Detection stopped = daemon(ClientKind.DHCPCD, 0, true, "dhcpcd", "-4", "-f", "/etc/lab.conf", "eth0");
        m.host().state().saveRelease("eth0", new ReleaseRecord(ClientKind.DHCPCD, stopped.argv(), FakeMachine.NETNS,
                java.time.Instant.now()));

        assertTrue(new DhcpcdDriver(m.host()).renew("eth0", stopped, deadline).ok());

        assertEquals(List.of(stopped.argv()), m.runner.ran());
        assertTrue(m.host().state().release("eth0", FakeMachine.NETNS).isEmpty());
    }

    @Test
    void udhcpcIsDrivenBySignals() throws Exception {
        FakeMachine m = new FakeMachine(root);
        Detection d = daemon(ClientKind.UDHCPC, 3131, false, "udhcpc", "-i", "eth0");

        new UdhcpcDriver(m.host()).release("eth0", d, deadline);
        new UdhcpcDriver(m.host()).renew("eth0", d, deadline);

        List<List<String>> ran = m.runner.ran();
        assertEquals(List.of("-USR2", "3131"), ran.get(0).subList(ran.get(0).size() - 2, ran.get(0).size()));
        assertEquals(List.of("-USR1", "3131"), ran.get(1).subList(ran.get(1).size() - 2, ran.get(1).size()));
    }

    @Test
    void udhcpcsLeaseTimeIsStableUntilItRunsItsScriptAgain() throws Exception {
        FakeMachine m = new FakeMachine(root).process(3131, "udhcpc", "udhcpc", "-i", "eth0");
        Detection d = daemon(ClientKind.UDHCPC, 3131, false, "udhcpc", "-i", "eth0");
        UdhcpcDriver driver = new UdhcpcDriver(m.host());

        LeaseInfo first = driver.lease("eth0", 2, d);
        Thread.sleep(5);
        assertEquals(first, new UdhcpcDriver(m.host()).lease("eth0", 2, d), "stable across reads and instances");
        // the script ran once more: the kernel's count of the children's page faults moved
        m.file("/proc/3131/stat", "3131 (udhcpc) S 1 1 1 0 -1 4194560 500 365 0 0 0");
        assertTrue(driver.lease("eth0", 2, d).obtained().isAfter(first.obtained()));
    }

    @Test
    void networkdRenewsButRefusesToReleaseWithoutRunningAnything() throws Exception {
        FakeMachine m = new FakeMachine(root);
        Detection d = daemon(ClientKind.SYSTEMD_NETWORKD, 0, false);

        OperationResult release = new NetworkdDriver(m.host()).release("eth0", d, deadline);
        assertEquals(CommandOutcomes.NOT_SUPPORTED, release.code());
        assertTrue(release.message().contains("Nothing was changed") && release.message().contains("renew"));
        assertEquals(List.of(), m.runner.ran());

        assertTrue(new NetworkdDriver(m.host()).renew("eth0", d, deadline).ok());
        assertEquals(List.of(List.of("networkctl", "renew", "eth0")), m.runner.ran());
    }

    @Test
    void networkManagerDisconnectsAndConnectsWithABoundedWait() throws Exception {
        FakeMachine m = new FakeMachine(root);
        Detection d = daemon(ClientKind.NETWORK_MANAGER, 0, false);
        m.runner.answer("nmcli --wait", 4, "", "Error: Connection activation failed: IP configuration could not be reserved");

        OperationResult release = new NetworkManagerDriver(m.host()).release("eth0", d, deadline);
        OperationResult renew = new NetworkManagerDriver(m.host()).renew("eth0", d, deadline);

        List<List<String>> ran = m.runner.ran();
        assertEquals(List.of("nmcli", "--wait"), ran.get(0).subList(0, 2));
        assertTrue(Integer.parseInt(ran.get(0).get(2)) >= 28 && Integer.parseInt(ran.get(0).get(2)) <= 30, ran.toString());
        assertEquals(List.of("device", "disconnect", "eth0"), ran.get(0).subList(3, 6));
        assertEquals(List.of("device", "connect", "eth0"), ran.get(1).subList(3, 6));
        assertEquals(4, renew.code());
        assertTrue(renew.message().contains("IP configuration could not be reserved"), renew.message());
        assertFalse(release.ok());
    }
}
