package io.jenkins.plugins.dhcplease.linux.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.dhcplease.linux.detect.ClientKind;
import io.jenkins.plugins.dhcplease.linux.state.StateStore;
import io.jenkins.plugins.dhcplease.linux.testbed.EngineProcess;
import io.jenkins.plugins.dhcplease.linux.testbed.ServerLease;
import io.jenkins.plugins.dhcplease.linux.testbed.Sh;
import io.jenkins.plugins.dhcplease.linux.testbed.Testbed;
import io.jenkins.plugins.dhcplease.linux.testbed.TestbedExtension;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A release-then-renew whose JVM is killed (SIGKILL: no finally, no shutdown hook) right after the release went
 * out; then a plain renew in a new JVM. Afterwards: one daemon, a lease dnsmasq agrees on, no release record.
 */
class KilledRunLabTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @RegisterExtension
    final TestbedExtension testbed = new TestbedExtension(Testbed.Second.NONE);

    @ParameterizedTest
    @EnumSource(value = ClientKind.class, names = {"DHCLIENT", "DHCPCD", "UDHCPC"})
    void aRenewAfterARunKilledMidwayLeavesOneDaemonAndNoRecord(ClientKind client) throws Exception {
        Testbed lab = testbed.testbed();
        lab.startClient(client);
        String ifname = lab.clientInterface();

        EngineProcess killed = EngineProcess.start(lab, List.of(), "release-then-renew", ifname, TIMEOUT);
        long end = System.nanoTime() + TIMEOUT.toNanos();
        while (!lab.serverLog().contains("DHCPRELEASE")) {
            assertTrue(System.nanoTime() < end, "no RELEASE reached dnsmasq");
            Thread.sleep(5);
        }
        killed.kill9();

        Sh.Result renew = EngineProcess.start(lab, List.of(), "renew", ifname, TIMEOUT).await(TIMEOUT.plusSeconds(10));

        assertEquals(0, renew.code(), renew.out() + renew.err());
        assertTrue(renew.out().startsWith("renewed|0|"), renew.out());
        assertEquals(1, LabDaemons.of(lab, client, ifname).size(), "daemons: " + LabDaemons.of(lab, client, ifname));
        ServerLease lease = lab.serverLease(Testbed.CLIENT_MAC).orElseThrow();
        assertEquals(Optional.of(lease.ip()), lab.clientAddress(ifname));
        assertFalse(Files.exists(StateStore.RUN_DIR.resolve(ifname + ".state")), "a stale release record survived");
    }
}
