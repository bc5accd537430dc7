package io.jenkins.plugins.dhcplease.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.dhcplease.engine.Deadline;
import io.jenkins.plugins.dhcplease.linux.detect.ClientKind;
import io.jenkins.plugins.dhcplease.linux.inventory.IpInventoryTest;
import io.jenkins.plugins.dhcplease.linux.state.ReleaseRecord;
import io.jenkins.plugins.dhcplease.model.LeaseException;
import io.jenkins.plugins.dhcplease.model.NetworkAdapter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start of a run: refused without root before anything is looked at; stale release records removed, and said. */
class ReconcileAndRefuseTest {

    private static final Instant BOOT = Instant.parse("2026-12-01T08:00:00Z");

    @TempDir
    Path root;

    private final List<String> log = new ArrayList<>();

    private FakeMachine machine() throws Exception {
        FakeMachine m = new FakeMachine(root).file("/proc/stat", "cpu 1 2 3\nbtime " + BOOT.getEpochSecond() + "\n");
        m.runner.answer("ip -j -d -batch -", 0, IpInventoryTest.ADDR + IpInventoryTest.ROUTES, "");
        return m;
    }

    private static ReleaseRecord record(Instant at, String... statics) {
        return new ReleaseRecord(ClientKind.DHCLIENT, List.of("/usr/sbin/dhclient", "-4", "eth1"), FakeMachine.NETNS, at,
                List.of(statics));
    }

    private LinuxDhcpClient changingRun(FakeMachine m) throws LeaseException {
        LinuxDhcpClient c = new LinuxDhcpClient(m.host());
        c.beginRun(Deadline.after(Duration.ofSeconds(5)), true, log::add);
        return c;
    }

    private NetworkAdapter eth1(List<NetworkAdapter> adapters) {
        return adapters.stream().filter(a -> a.name().equals("eth1")).findFirst().orElseThrow();
    }

    @Test
    void withoutRootAChangeIsRefusedBeforeAnythingIsLookedAt() throws Exception {
        FakeMachine m = machine().runningAs(1000);
        LinuxDhcpClient c = new LinuxDhcpClient(m.host());

        LeaseException e = assertThrows(LeaseException.class,
                () -> c.beginRun(Deadline.after(Duration.ofSeconds(5)), true, log::add));

        assertEquals(LeaseException.Kind.NEEDS_ROOT, e.kind());
        assertTrue(e.getMessage().contains("needs root") && e.getMessage().contains("uid 1000"), e.getMessage());
        assertEquals(List.of(), m.runner.ran(), "nothing ran");
    }

    @Test
    void withoutRootTheListingSaysItCannotTellRatherThanNoClient() throws Exception {
        FakeMachine m = machine().runningAs(1000).process(9, "dhclient", "dhclient", "x-c");
        LinuxDhcpClient c = new LinuxDhcpClient(m.host());
        c.beginRun(Deadline.after(Duration.ofSeconds(5)), false, log::add);

        List<NetworkAdapter> adapters = c.adapters();

        assertEquals(List.of(LinuxDhcpClient.UNKNOWN_WITHOUT_ROOT, LinuxDhcpClient.UNKNOWN_WITHOUT_ROOT),
                adapters.stream().map(NetworkAdapter::manager).toList());
        assertEquals(List.of(true, false), adapters.stream().map(NetworkAdapter::dhcpEnabled).toList());
    }

    @Test
    void aRecordOfAnInterfaceMadeStaticSinceIsRemovedAndSaid() throws Exception {
        FakeMachine m = machine();
        m.host().state().saveRelease("eth1", record(BOOT.plusSeconds(60)));

        NetworkAdapter eth1 = eth1(changingRun(m).adapters());

        assertEquals(null, eth1.manager());
        assertEquals(Optional.empty(), m.host().state().release("eth1", FakeMachine.NETNS));
        assertEquals(1, log.size(), log::toString);
        assertTrue(log.get(0).startsWith("eth1: removed dhcp-lease's release record ")
                && log.get(0).contains("given the static address 10.0.0.5 since"), log::toString);
    }

    @Test
    void aRecordOfAnInterfaceThatHadItsStaticAddressAtReleaseStillCounts() throws Exception {
        FakeMachine m = machine();
        m.host().state().saveRelease("eth1", record(BOOT.plusSeconds(60), "10.0.0.5"));

        assertEquals("dhclient", eth1(changingRun(m).adapters()).manager());
        assertEquals(List.of(), log);
    }

    @Test
    void aRecordFromBeforeBootOrOfAnInterfaceThatIsGoneIsRemoved() throws Exception {
        FakeMachine m = machine();
        m.host().state().saveRelease("eth1", record(BOOT.minusSeconds(60), "10.0.0.5"));
        m.host().state().saveRelease("gone0", record(BOOT.plusSeconds(60)));

        changingRun(m).adapters();

        assertEquals(List.of(), m.host().state().releasedInterfaces());
        assertEquals(2, log.size(), log::toString);
        assertTrue(String.join("\n", log).contains("before this machine booted"), log::toString);
        assertTrue(String.join("\n", log).contains("gone0: removed") && String.join("\n", log).contains("no longer exists"),
                log::toString);
    }

    @Test
    void aRecordOfAnInterfaceWhoseClientRunsAgainIsRemoved() throws Exception {
        FakeMachine m = machine().process(9, "dhclient", "/usr/sbin/dhclient", "-4", "x-c");
        m.host().state().saveRelease("x-c", record(BOOT.plusSeconds(60)));

        changingRun(m).adapters();

        assertEquals(Optional.empty(), m.host().state().release("x-c", FakeMachine.NETNS));
        assertTrue(log.get(0).contains("a dhclient daemon runs for it again (process 9)"), log::toString);
    }

    @Test
    void aListingOrDryRunRemovesNothingButBelievesNoStaleRecord() throws Exception {
        FakeMachine m = machine();
        m.host().state().saveRelease("eth1", record(BOOT.plusSeconds(60)));
        LinuxDhcpClient c = new LinuxDhcpClient(m.host());
        c.beginRun(Deadline.after(Duration.ofSeconds(5)), false, log::add);

        assertEquals(null, eth1(c.adapters()).manager());
        assertTrue(m.host().state().release("eth1", FakeMachine.NETNS).isPresent());
        assertEquals(List.of(), log);
    }

    @Test
    void aPollReadsOnlyItsInterfaceAndNeverScansProcAgain() throws Exception {
        FakeMachine m = machine().process(9, "dhclient", "/usr/sbin/dhclient", "-4", "x-c");
        LinuxDhcpClient c = changingRun(m);
        c.adapters();
        Files.delete(root.resolve("proc/9/cmdline")); // had /proc been read again, the daemon would be gone
        int before = m.runner.ran().size();

        NetworkAdapter polled = c.adapter("x-c").orElseThrow();

        assertEquals("dhclient", polled.manager());
        assertEquals(before + 1, m.runner.ran().size(), "one ip command per poll: " + m.runner.ran());
    }
}
