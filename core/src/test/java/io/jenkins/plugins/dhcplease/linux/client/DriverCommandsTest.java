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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exact argument vectors each driver runs, what it remembers, and what it says when the client does not act; the
 * clients themselves are exercised in the namespace tests (dhclient, dhcpcd, udhcpc, NetworkManager, networkd).
 */
class DriverCommandsTest {

    static final String DHCLIENT = "/usr/sbin/dhclient";
    static final String DHCPCD = "/usr/sbin/dhcpcd";
    static final String KILL = "/usr/bin/kill";
    static final String SETSID = "/usr/bin/setsid";
    static final String NMCLI = "/usr/bin/nmcli";

    @TempDir
    Path root;

    private final Deadline deadline = Deadline.after(Duration.ofSeconds(30));

    private static Deadline shortly() {
        return Deadline.after(Duration.ofMillis(300));
    }

    private static Detection daemon(ClientKind kind, long pid, boolean ip4Only, String... argv) {
        return new Detection(kind, pid, List.of(argv), ip4Only, "test");
    }

    @Test
    void dhclientReleaseRunsTheSystemBinaryWithTheDaemonsArgsAndRemembersThem() throws Exception {
        FakeMachine m = new FakeMachine(root);
        LinuxHost host = m.host();
        Detection d = daemon(ClientKind.DHCLIENT, 4242, false, "/tmp/evil/dhclient", "-1", "-d", "-4", "-pf", "/run/x.pid", "eth0");

        OperationResult r = new DhclientDriver(host).release("eth0", d, deadline);

        assertTrue(r.ok(), r::toString);
        assertEquals(List.of(List.of(DHCLIENT, "-r", "-d", "-4", "-pf", "/run/x.pid", "eth0")), m.runner.ran(),
                "never argv[0] of the process; the one-try -1 dropped");
        ReleaseRecord rec = host.state().release("eth0", FakeMachine.NETNS).orElseThrow();
        assertEquals(List.of(DHCLIENT, "-d", "-4", "-pf", "/run/x.pid", "eth0"), rec.argv());
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
    void dhclientRenewRestartsTheSameDaemonDetachedAndSaysWhenNoServerAnswered() throws Exception {
        FakeMachine m = new FakeMachine(root).file("/var/lib/dhcp/dhclient.eth0.leases", LeaseRecordsTest.DHCLIENT_LEASES)
                .process(4343, "dhclient", "/usr/sbin/dhclient", "-v", "eth0"); // the restarted daemon
        Detection d = daemon(ClientKind.DHCLIENT, 4242, false, "dhclient", "-1", "-v", "eth0");

        OperationResult r = new DhclientDriver(m.host()).renew("eth0", d, shortly());

        assertEquals(List.of(List.of(KILL, "-TERM", "4242"), List.of(SETSID, "-f", DHCLIENT, "-v", "eth0")),
                m.runner.ran(), "SIGTERM (no STOP hook, unlike -x), then the daemon as it was started, never -1");
        assertEquals(CommandOutcomes.NO_ANSWER, r.code());
        assertTrue(r.message().contains("no DHCP server answered") && r.message().contains("The lease is kept (valid"
                + " until 2026-11-25T08:28:23Z)") && r.message().contains("runs again as it was started (process 4343")
                && r.message().contains("keeps trying"), r.message());
        assertTrue(m.host().state().release("eth0", FakeMachine.NETNS).isEmpty(), "the daemon runs: nothing to restore");
    }

    @Test
    void dhclientRenewUnderSystemdLeavesTheAgentsCgroup() throws Exception {
        FakeMachine m = new FakeMachine(root).file("/run/systemd/system/.keep", "")
                .file("/proc/4242/cgroup", "0::/system.slice/jenkins-agent.service\n")
                .process(4343, "dhclient", "/usr/sbin/dhclient", "eth0");
        Detection d = daemon(ClientKind.DHCLIENT, 4242, false, "dhclient", "eth0");

        new DhclientDriver(m.host()).renew("eth0", d, shortly());

        List<List<String>> ran = m.runner.ran();
        assertEquals(List.of("/usr/bin/systemctl", "show", "-p", "MainPID", "--value", "jenkins-agent.service"), ran.get(0));
        assertEquals(List.of(KILL, "-TERM", "4242"), ran.get(1), "the agent's unit does not own the daemon");
        assertEquals(List.of(SETSID, "-f", "/usr/bin/systemd-run", "--scope", "--quiet", "--collect", "--", DHCLIENT,
                "eth0"), ran.get(2));
    }

    @Test
    void dhclientOwnedByItsOwnServiceIsRestartedThroughIt() throws Exception {
        FakeMachine m = new FakeMachine(root).file("/run/systemd/system/.keep", "")
                .file("/proc/4242/cgroup", "0::/system.slice/system-dhclient.slice/dhclient@eth0.service\n")
                .process(4343, "dhclient", "/usr/sbin/dhclient", "eth0");
        m.runner.answer("/usr/bin/systemctl show", 0, "4242\n", "");
        Detection d = daemon(ClientKind.DHCLIENT, 4242, false, "dhclient", "eth0");

        new DhclientDriver(m.host()).renew("eth0", d, shortly());

        List<List<String>> ran = m.runner.ran();
        assertEquals(List.of("/usr/bin/systemctl", "--no-block", "restart", "dhclient@eth0.service"), ran.get(ran.size() - 1));
        assertFalse(ran.stream().anyMatch(c -> c.get(0).equals(KILL) || c.get(0).equals(SETSID)), ran.toString());
    }

    @Test
    void dhclientRenewNeverStartsASecondDaemonWhenTheFirstWouldNotStop() throws Exception {
        FakeMachine m = new FakeMachine(root).process(4242, "dhclient", "dhclient", "eth0");
        Detection d = daemon(ClientKind.DHCLIENT, 4242, false, "dhclient", "eth0");

        OperationResult r = new DhclientDriver(m.host()).renew("eth0", d, shortly());

        assertFalse(r.ok());
        assertTrue(r.message().contains("still ran at the deadline after SIGTERM") && r.message().contains("nothing else"
                + " was started"), r.message());
        assertEquals(List.of(List.of(KILL, "-TERM", "4242")), m.runner.ran());
        assertTrue(m.host().state().release("eth0", FakeMachine.NETNS).isPresent(), "kept: the next renew can restart it");
    }

    @Test
    void dhclientRenewAfterAReleaseStartsTheRecordedDaemon() throws Exception {
        FakeMachine m = new FakeMachine(root);
        Detection stopped = daemon(ClientKind.DHCLIENT, 0, false, DHCLIENT, "-pf", "/run/x.pid", "eth0");
        m.host().state().saveRelease("eth0", new ReleaseRecord(ClientKind.DHCLIENT, stopped.argv(), FakeMachine.NETNS,
                Instant.now()));

        OperationResult r = new DhclientDriver(m.host()).renew("eth0", stopped, shortly());

        assertEquals(List.of(List.of(SETSID, "-f", DHCLIENT, "-pf", "/run/x.pid", "eth0")), m.runner.ran());
        assertTrue(r.message().contains("no dhclient process for eth0 appeared") && r.message().contains("released"
                + " before"), r.message());
        assertTrue(m.host().state().release("eth0", FakeMachine.NETNS).isPresent(), "kept for the next renew");
    }

    @Test
    void aDriverRunsNothingWhenItsProgramIsNotASystemBinary() throws Exception {
        FakeMachine m = new FakeMachine(root);
        Files.delete(root.resolve("usr/sbin/dhclient"));
        Detection d = daemon(ClientKind.DHCLIENT, 4242, false, "/home/u/dhclient", "eth0");

        OperationResult r = new DhclientDriver(m.host()).release("eth0", d, deadline);

        assertTrue(r.message().startsWith("Nothing was changed: dhclient is not installed in /usr/sbin, /sbin, /usr/bin,"
                + " /bin") && r.message().contains("isc-dhcp-client"), r.message());
        assertEquals(List.of(), m.runner.ran());
    }

    @Test
    void onlyProgramsNobodyElseCanWriteCount() throws Exception {
        FakeMachine m = new FakeMachine(root);
        SystemBinaries bin = new SystemBinaries(m.host());
        assertEquals(java.util.Optional.of(DHCLIENT), bin.find("dhclient"));
        Files.setPosixFilePermissions(root.resolve("usr/sbin/dhclient"),
                java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxr-x"));
        assertEquals(java.util.Optional.empty(), bin.find("dhclient"), "group-writable");
        Files.delete(root.resolve("usr/sbin/udhcpc"));
        Files.createSymbolicLink(root.resolve("usr/sbin/udhcpc"), Path.of("../bin/busybox")); // as the tree stands for /
        assertEquals(java.util.Optional.of("/usr/sbin/udhcpc"), bin.find("udhcpc"), "a link to a trusted program");
        Files.setPosixFilePermissions(root.resolve("usr/bin"),
                java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        assertEquals(java.util.Optional.empty(), bin.find("udhcpc"), "its target in a directory anyone can write");
        assertEquals(java.util.Optional.empty(), bin.find("../bin/sh"));
    }

    @Test
    void aSecondReleaseOfAStoppedDhcpcdRunsNothing() throws Exception {
        FakeMachine m = new FakeMachine(root);
        Detection stopped = daemon(ClientKind.DHCPCD, 0, true, "dhcpcd", "-4", "eth0");

        assertTrue(new DhcpcdDriver(m.host()).release("eth0", stopped, deadline).ok());
        assertEquals(List.of(), m.runner.ran());
    }

    @Test
    void dhcpcdReleaseAndRenewGoThroughItsControlSocketWithTheDaemonsIpFamily() throws Exception {
        FakeMachine m = new FakeMachine(root).process(77, "dhcpcd", "dhcpcd: eth0 [ip4]");
        LinuxHost host = m.host("-f", "/etc/lab.conf");
        Detection d = daemon(ClientKind.DHCPCD, 77, true, "dhcpcd: eth0 [ip4]");

        OperationResult renew = new DhcpcdDriver(host).renew("eth0", d, shortly());
        assertTrue(new DhcpcdDriver(host).release("eth0", d, deadline).ok());

        assertEquals(List.of(List.of(DHCPCD, "-4", "-N", "eth0"), List.of(DHCPCD, "-4", "-k", "eth0")), m.runner.ran());
        assertEquals(CommandOutcomes.NO_ANSWER, renew.code());
        assertTrue(renew.message().contains("no DHCP server answered eth0") && renew.message().contains("keeps trying"),
                renew.message());
        assertEquals(List.of(DHCPCD, "-4", "-f", "/etc/lab.conf", "eth0"),
                host.state().release("eth0", FakeMachine.NETNS).orElseThrow().argv(),
                "dhcpcd's title hides its argv: the start command is rebuilt from the configured arguments");
    }

    @Test
    void dhcpcdIsNeverStoppedWhenItCouldOnlyComeBackWithTheDistributionsDefaults() throws Exception {
        FakeMachine m = new FakeMachine(root).process(77, "dhcpcd", "dhcpcd: eth0 [ip4]");
        Detection d = daemon(ClientKind.DHCPCD, 77, true, "dhcpcd: eth0 [ip4]");

        OperationResult r = new DhcpcdDriver(m.host()).release("eth0", d, deadline);

        assertEquals(CommandOutcomes.NOT_CONFIGURED, r.code());
        assertTrue(r.message().startsWith("Nothing was changed") && r.message().contains("/etc/dhcpcd.conf")
                && r.message().contains(LinuxHost.DHCPCD_ARGS_ENV), r.message());
        assertEquals(List.of(), m.runner.ran());
        assertTrue(m.host().state().release("eth0", FakeMachine.NETNS).isEmpty());
    }

    @Test
    void dhcpcdRenewOfADaemonThatExitedRunsNothing() throws Exception {
        FakeMachine m = new FakeMachine(root);
        Detection gone = daemon(ClientKind.DHCPCD, 77, true, "dhcpcd: eth0 [ip4]");

        OperationResult r = new DhcpcdDriver(m.host()).renew("eth0", gone, deadline);

        assertTrue(r.message().contains("exited before the renew") && r.message().contains("default configuration"),
                r.message());
        assertEquals(List.of(), m.runner.ran(), "-N would have started a dhcpcd with /etc/dhcpcd.conf");
    }

    @Test
    void dhcpcdRenewAfterAReleaseStartsTheRecordedCommandDetachedAndForgetsIt() throws Exception {
        FakeMachine m = new FakeMachine(root).process(78, "dhcpcd", "dhcpcd: eth0 [ip4]");
        Detection stopped = daemon(ClientKind.DHCPCD, 0, true, DHCPCD, "-4", "-f", "/etc/lab.conf", "eth0");
        m.host().state().saveRelease("eth0", new ReleaseRecord(ClientKind.DHCPCD, stopped.argv(), FakeMachine.NETNS,
                Instant.now()));

        OperationResult r = new DhcpcdDriver(m.host()).renew("eth0", stopped, shortly());

        assertEquals(List.of(Argv.of(SETSID, "-f", stopped.argv())), m.runner.ran());
        assertTrue(m.host().state().release("eth0", FakeMachine.NETNS).isEmpty(), "dhcpcd runs again: record gone");
        assertTrue(r.message().contains("released before"), r.message());
    }

    @Test
    void udhcpcIsDrivenBySignalsAndSaysWhatASilentServerLeads() throws Exception {
        FakeMachine m = new FakeMachine(root).process(3131, "udhcpc", "udhcpc", "-i", "eth0", "-T", "1");
        Detection d = daemon(ClientKind.UDHCPC, 3131, false, "udhcpc", "-i", "eth0", "-T", "1");

        new UdhcpcDriver(m.host()).release("eth0", d, deadline);
        OperationResult renew = new UdhcpcDriver(m.host()).renew("eth0", d, shortly());

        assertEquals(List.of(List.of(KILL, "-USR2", "3131"), List.of(KILL, "-USR1", "3131")), m.runner.ran());
        assertEquals(CommandOutcomes.NO_ANSWER, renew.code());
        assertTrue(renew.message().contains("no DHCP server answered eth0") && renew.message().contains("after about 4 s"),
                renew.message());
        assertEquals(10, UdhcpcDriver.giveUpSeconds(daemon(ClientKind.UDHCPC, 1, false, "udhcpc", "-i", "eth0")));
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
        assertEquals(List.of(List.of("/usr/bin/networkctl", "renew", "eth0")), m.runner.ran());
    }

    @Test
    void networkManagerRenewsAConnectedDeviceByReapplyingWithoutTakingTheAddress() throws Exception {
        FakeMachine m = new FakeMachine(root);
        long expiry = Instant.now().getEpochSecond() + 100;
        m.runner.answer(NMCLI + " -g ipv4.dhcp-timeout connection show uuid u-1", 0, "0\n", "");
        m.runner.answer(NMCLI + " -t -f DHCP4 device show eth0", 0, "DHCP4.OPTION[3]:dhcp_lease_time = 120\n"
                + "DHCP4.OPTION[5]:expiry = " + expiry + "\n", "");
        Detection d = daemon(ClientKind.NETWORK_MANAGER, 0, false, "u-1");

        assertTrue(new NetworkManagerDriver(m.host()).renew("eth0", d, deadline).ok());

        List<String> modify = m.runner.ran().get(m.runner.ran().size() - 1);
        assertEquals(List.of(NMCLI, "device", "modify", "eth0", "ipv4.dhcp-timeout"), modify.subList(0, 5));
        long t = Long.parseLong(modify.get(5));
        assertTrue(t >= 144 && t <= 145, "the remaining lease (~100 s) + the default 45 s: " + t);
        assertFalse(m.runner.ran().stream().anyMatch(c -> c.contains("connect") || c.contains("disconnect")));
    }

    @Test
    void networkManagersDhcpTimeoutForARenew() {
        Instant now = Instant.ofEpochSecond(1_000);
        assertEquals(45 + 60, NetworkManagerDriver.dhcpTimeout("0", Instant.ofEpochSecond(1_060), now));
        assertEquals(90 + 60, NetworkManagerDriver.dhcpTimeout("90", Instant.ofEpochSecond(1_060), now));
        assertEquals(45, NetworkManagerDriver.dhcpTimeout("0", null, now));
        assertEquals(45, NetworkManagerDriver.dhcpTimeout("0", Instant.ofEpochSecond(900), now), "expired: nothing left");
        assertEquals(2147483646L, NetworkManagerDriver.dhcpTimeout("2147483647", null, now));
    }

    @Test
    void networkManagerReleasesOnlyAConnectionThatSendsARelease() throws Exception {
        FakeMachine m = new FakeMachine(root);
        Detection d = daemon(ClientKind.NETWORK_MANAGER, 0, false, "u-1");
        m.runner.answer(NMCLI + " -g ipv4.dhcp-send-release connection show uuid u-1", 0, "yes\n", "");
        m.runner.answer(NMCLI + " --wait", 4, "", "Error: Device 'eth0' not active");

        OperationResult release = new NetworkManagerDriver(m.host()).release("eth0", d, deadline);

        List<String> disconnect = m.runner.ran().get(1);
        assertEquals(List.of(NMCLI, "--wait"), disconnect.subList(0, 2));
        assertTrue(Integer.parseInt(disconnect.get(2)) >= 28 && Integer.parseInt(disconnect.get(2)) <= 30, disconnect.toString());
        assertEquals(List.of("device", "disconnect", "eth0"), disconnect.subList(3, 6));
        assertEquals(4, release.code());
        assertTrue(release.message().contains("not active"), release.message());
    }

    @Test
    void networkManager142CannotReleaseAndNothingIsDisconnected() throws Exception {
        FakeMachine m = new FakeMachine(root);
        Detection d = daemon(ClientKind.NETWORK_MANAGER, 0, false, "u-1");
        // what nmcli 1.42.4 answered in the lab
        m.runner.answer(NMCLI + " -g ipv4.dhcp-send-release", 2, "", "Error: 'connection show': invalid field"
                + " 'ipv4.dhcp-send-release'; allowed fields: ipv4.method,ipv4.dns");

        OperationResult r = new NetworkManagerDriver(m.host()).release("eth0", d, deadline);

        assertEquals(CommandOutcomes.NOT_SUPPORTED, r.code());
        assertTrue(r.message().startsWith("Nothing was changed") && r.message().contains("no ipv4.dhcp-send-release"
                + " setting") && r.message().contains("use renew"), r.message());
        assertFalse(m.runner.ran().stream().anyMatch(c -> c.contains("disconnect")), m.runner.ran().toString());
    }

    @Test
    void networkManagerConnectsAReleasedDeviceWithABoundedWait() throws Exception {
        FakeMachine m = new FakeMachine(root);
        Detection d = daemon(ClientKind.NETWORK_MANAGER, 0, false);
        m.runner.answer(NMCLI + " --wait", 4, "", "Error: Connection activation failed: IP configuration could not be reserved");

        OperationResult renew = new NetworkManagerDriver(m.host()).renew("eth0", d, deadline);

        assertEquals(List.of("device", "connect", "eth0"), m.runner.ran().get(0).subList(3, 6));
        assertEquals(4, renew.code());
        assertTrue(renew.message().contains("IP configuration could not be reserved"), renew.message());
    }

    @Test
    void restartStyleRenewsSayTheyMayTakeTheAddress() {
        LinuxHost host = new FakeMachine(root).host();
        assertTrue(new DhclientDriver(host).renewInterruptsAddress());
        assertTrue(new UdhcpcDriver(host).renewInterruptsAddress());
        assertFalse(new DhcpcdDriver(host).renewInterruptsAddress());
        assertFalse(new NetworkdDriver(host).renewInterruptsAddress());
        assertFalse(new NetworkManagerDriver(host).renewInterruptsAddress());
    }

    @Test
    void theOwningServiceIsReadFromTheCgroup() {
        assertEquals("dhclient@eth0.service", ClientStarter.unitOf("0::/system.slice/system-dhclient.slice/dhclient@eth0.service\n")
                .orElseThrow());
        assertEquals("ifup@eth0.service", ClientStarter.unitOf("12:pids:/\n1:name=systemd:/system.slice/ifup@eth0.service\n")
                .orElseThrow());
        assertTrue(ClientStarter.unitOf("0::/user.slice/user-0.slice/session-3.scope\n").isEmpty());
        assertTrue(ClientStarter.unitOf("0::/\n").isEmpty());
    }
}
