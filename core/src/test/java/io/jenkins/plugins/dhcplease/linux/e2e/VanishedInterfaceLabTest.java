package io.jenkins.plugins.dhcplease.linux.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.dhcplease.engine.LeaseEngine;
import io.jenkins.plugins.dhcplease.linux.LinuxDhcpClient;
import io.jenkins.plugins.dhcplease.linux.detect.ClientKind;
import io.jenkins.plugins.dhcplease.linux.testbed.Sh;
import io.jenkins.plugins.dhcplease.linux.testbed.Testbed;
import io.jenkins.plugins.dhcplease.linux.testbed.TestbedExtension;
import io.jenkins.plugins.dhcplease.model.LeaseAction;
import io.jenkins.plugins.dhcplease.model.LeaseOutcome;
import io.jenkins.plugins.dhcplease.model.LeaseRequest;
import io.jenkins.plugins.dhcplease.model.OutcomeStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The lab interface is deleted while a renew waits for a server that does not answer: the outcome names the
 * vanished interface, not a silent DHCP server, within the deadline.
 */
class VanishedInterfaceLabTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(12);

    @RegisterExtension
    final TestbedExtension testbed = new TestbedExtension(Testbed.Second.NONE);

    @ParameterizedTest
    @EnumSource(value = ClientKind.class, names = {"DHCLIENT", "DHCPCD", "UDHCPC"})
    void anInterfaceDeletedMidRenewIsNamedAsSuch(ClientKind client) throws Exception {
        Testbed lab = testbed.testbed();
        lab.startClient(client);
        lab.stopServer();
        String ifname = lab.clientInterface();
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();

        CompletableFuture<LeaseOutcome> renew = CompletableFuture.supplyAsync(() -> {
            try {
                return new LeaseEngine(new LinuxDhcpClient(lab.host())).run(LeaseRequest.builder(LeaseAction.RENEW)
                        .selector(ifname).timeout(TIMEOUT).build(), log::add).outcomes().get(0);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(1_500);
        Sh.ok(List.of("ip", "-n", lab.labNamespace(), "link", "del", ifname));
        LeaseOutcome o = renew.get();
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertEquals(OutcomeStatus.FAILED, o.status(), () -> o + "\n" + log);
        assertTrue(o.message().contains(ifname) && o.message().contains("disappeared"), o::message);
        assertFalse(o.message().contains("has not answered"), o::message);
        assertTrue(millis < TIMEOUT.toMillis() + 2_500, "took " + millis + " ms for a " + TIMEOUT + " deadline");
    }
}
