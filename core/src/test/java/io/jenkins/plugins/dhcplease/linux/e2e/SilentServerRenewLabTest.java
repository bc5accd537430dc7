package io.jenkins.plugins.dhcplease.linux.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.dhcplease.engine.Deadline;
import io.jenkins.plugins.dhcplease.engine.LeaseEngine;
import io.jenkins.plugins.dhcplease.engine.OperationResult;
import io.jenkins.plugins.dhcplease.linux.LinuxDhcpClient;
import io.jenkins.plugins.dhcplease.linux.detect.ClientKind;
import io.jenkins.plugins.dhcplease.linux.testbed.LabProcess;
import io.jenkins.plugins.dhcplease.linux.testbed.Testbed;
import io.jenkins.plugins.dhcplease.linux.testbed.TestbedExtension;
import io.jenkins.plugins.dhcplease.model.LeaseAction;
import io.jenkins.plugins.dhcplease.model.LeaseOutcome;
import io.jenkins.plugins.dhcplease.model.LeaseRequest;
import io.jenkins.plugins.dhcplease.model.NetworkAdapter;
import io.jenkins.plugins.dhcplease.model.OutcomeStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A renew while the DHCP server is silent (dnsmasq stopped in the server namespace), for each standalone client, and
 * the client a renew restarts: the same daemon as before (its command line), outside the JVM's process tree, its
 * session and (when systemd is PID 1) its cgroup, using the lab's own configuration.
 *
 * <p>The lease's expiry is not waited for (dnsmasq's minimum lease is 2 minutes): "keeps retrying" is proved by
 * starting the server again and seeing the client get a lease with nothing else run.
 */
class SilentServerRenewLabTest {

    private static final Duration RENEW_TIMEOUT = Duration.ofSeconds(3);
    /** The longest a client waits between its retries here: dhclient's backoff, udhcpc's -A 20. */
    private static final long RETRY_MILLIS = 45_000;

    @RegisterExtension
    final TestbedExtension testbed = new TestbedExtension(Testbed.Second.NONE);

    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    private Testbed lab() {
        return testbed.testbed();
    }

    private String ifname() {
        return lab().clientInterface();
    }

    private LeaseOutcome run(LeaseAction action, Duration timeout) throws Exception {
        LeaseRequest request = LeaseRequest.builder(action).selector(ifname()).timeout(timeout).build();
        List<LeaseOutcome> outcomes = new LeaseEngine(new LinuxDhcpClient(lab().host())).run(request, log::add).outcomes();
        assertEquals(1, outcomes.size(), () -> outcomes + "\nlog: " + log);
        return outcomes.get(0);
    }

    private LabProcess daemon(ClientKind client) {
        return LabProcess.daemon(lab(), client, ifname()).orElseThrow(() -> new AssertionError("no " + client.toolName()
                + " runs for " + ifname() + " in the lab; processes: " + lab().labPids()));
    }

    @ParameterizedTest
    @EnumSource(value = ClientKind.class, names = {"DHCLIENT", "DHCPCD", "UDHCPC"})
    void aRenewTheServerDoesNotAnswerKeepsTheLeaseAndTheDaemon(ClientKind client) throws Exception {
        lab().startClient(client);
        String address = lab().clientAddress(ifname()).orElseThrow();
        LabProcess before = daemon(client);
        lab().stopServer();
        int acks = lab().serverAcks(Testbed.CLIENT_MAC);

        LeaseOutcome o = run(LeaseAction.RENEW, RENEW_TIMEOUT);

        assertTrue(o.status() == OutcomeStatus.FAILED || o.status() == OutcomeStatus.TIMED_OUT, o::toString);
        assertTrue(o.message().contains("no DHCP server answered"), "the message names the cause: " + o.message());
        assertTrue(o.message().contains(client == ClientKind.UDHCPC ? "still holds the lease" : "lease is kept"),
                o.message());
        LabProcess after = daemon(client);
        assertEquals(before.command(), after.command(), "the daemon runs as it was started");
        if (client != ClientKind.DHCLIENT) {
            assertEquals(before.pid(), after.pid(), client + " renews in place: the same process");
        } else {
            assertNotEquals(before.pid(), after.pid(), "dhclient was restarted");
            assertOutsideTheJvm(after);
        }
        if (client != ClientKind.UDHCPC) {
            // measured: busybox udhcpc gives an unanswered forced renew up after 3*T+1 s and drops the address then
            assertEquals(Optional.of(address), lab().clientAddress(ifname()), "the address stays while the lease is valid");
        }

        lab().startServer();
        assertTrue(lab().awaitServerAck(Testbed.CLIENT_MAC, acks, RETRY_MILLIS), client + " stopped asking: no ACK"
                + " within " + RETRY_MILLIS + " ms of the server's return\n" + lab().serverLog());
        assertEquals(Optional.of(address), Optional.ofNullable(lab().waitForAddress(ifname(), 5_000)));
        assertEquals(before.command(), daemon(client).command());
    }

    /** Issue 9: with --timeout 500ms a dhclient renew once ended with neither address nor client. */
    @ParameterizedTest
    @EnumSource(value = ClientKind.class, names = {"DHCLIENT", "DHCPCD", "UDHCPC"})
    void aRenewCutShortByATinyTimeoutLeavesTheClientAndItsAddress(ClientKind client) throws Exception {
        lab().startClient(client);
        String address = lab().clientAddress(ifname()).orElseThrow();
        LabProcess before = daemon(client);
        lab().stopServer();

        LeaseOutcome o = run(LeaseAction.RENEW, Duration.ofMillis(500));
        assertTrue(o.status() == OutcomeStatus.FAILED || o.status() == OutcomeStatus.TIMED_OUT, o::toString);
        LinuxDhcpClient backend = new LinuxDhcpClient(lab().host());
        NetworkAdapter adapter = backend.adapter(ifname()).orElseThrow();
        // the backend called with its deadline all but over: whatever it stopped, it starts again
        OperationResult r = backend.renew(adapter, Deadline.after(Duration.ofMillis(1)));
        assertFalse(r.ok(), r::toString);
        long end = System.nanoTime() + 6_000_000_000L; // a restart is never cut short: it gets 5 s
        Optional<LabProcess> after = Optional.empty();
        while (System.nanoTime() < end && (after = LabProcess.daemon(lab(), client, ifname())).isEmpty()) {
            Thread.sleep(50);
        }
        assertEquals(before.command(), after.orElseThrow(() -> new AssertionError("no " + client.toolName()
                + " runs after the renew: " + o + " / " + r)).command());
        assertEquals(Optional.of(address), lab().clientAddress(ifname()), "the address stays while the lease is valid");
    }

    @ParameterizedTest
    @EnumSource(value = ClientKind.class, names = {"DHCLIENT", "DHCPCD"})
    void aClientStartedAgainAfterAReleaseIsTheOriginalOutsideTheJvm(ClientKind client) throws Exception {
        lab().startClient(client);
        LabProcess before = daemon(client);
        int hookRuns = lab().dhcpcdHookLog().size();

        LeaseOutcome o = run(LeaseAction.RELEASE_THEN_RENEW, Duration.ofSeconds(15));

        assertEquals(OutcomeStatus.RENEWED, o.status(), () -> o + "\nlog: " + log);
        LabProcess after = daemon(client);
        assertNotEquals(before.pid(), after.pid());
        assertEquals(before.command(), after.command(), "the same command line as the daemon before the release");
        assertOutsideTheJvm(after);
        if (client == ClientKind.DHCPCD) {
            assertTrue(lab().dhcpcdHookLog().size() > hookRuns && lab().dhcpcdHookLog().get(lab().dhcpcdHookLog().size()
                    - 1).endsWith("BOUND"), "the restarted dhcpcd ran the lab's hook (-c), so it had the lab's"
                    + " arguments, not /etc/dhcpcd.conf's: " + lab().dhcpcdHookLog());
        }
        assertFalse(Files.exists(lab().stateDir().resolve(ifname() + ".state")), "no release record left");
    }

    @ParameterizedTest
    @EnumSource(value = ClientKind.class, names = {"DHCLIENT"})
    void aRenewRestartsDhclientAsItWasStartedOutsideTheJvm(ClientKind client) throws Exception {
        lab().startClient(client);
        LabProcess before = daemon(client);
        int acks = lab().serverAcks(Testbed.CLIENT_MAC);

        // at once, most likely within the second of the lease before: dhclient records whole seconds
        LeaseOutcome o = run(LeaseAction.RENEW, Duration.ofSeconds(15));

        assertEquals(OutcomeStatus.RENEWED, o.status(), () -> o + "\nlog: " + log);
        assertTrue(lab().serverAcks(Testbed.CLIENT_MAC) > acks);
        LabProcess after = daemon(client);
        assertEquals(before.command(), after.command());
        assertTrue(after.cmdline().startsWith("/usr/sbin/dhclient "), "the system's dhclient: " + after.cmdline());
        assertFalse(after.cmdline().contains(" -1 ") || after.cmdline().contains(" -x "), after.cmdline());
        assertOutsideTheJvm(after);
    }

    /** Not a descendant of this JVM, in a session of its own, and (with systemd as PID 1) not in this JVM's cgroup. */
    private static void assertOutsideTheJvm(LabProcess p) throws Exception {
        long jvm = ProcessHandle.current().pid();
        assertFalse(p.ancestors().contains(jvm), "process " + p.pid() + " descends from the test JVM " + jvm + ": "
                + p.ancestors());
        LabProcess self = LabProcess.of(jvm).orElseThrow();
        assertNotEquals(self.sid(), p.sid(), "the restarted client shares the JVM's session");
        if (LabProcess.systemdIsInit()) {
            assertNotEquals(Files.readString(Path.of("/proc/self/cgroup")), p.cgroup(), "the JVM's cgroup");
        }
    }
}
