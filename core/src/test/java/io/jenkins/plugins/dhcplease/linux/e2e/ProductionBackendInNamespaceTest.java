package io.jenkins.plugins.dhcplease.linux.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.dhcplease.linux.detect.ClientKind;
import io.jenkins.plugins.dhcplease.linux.testbed.EngineInNamespace;
import io.jenkins.plugins.dhcplease.linux.testbed.ServerLease;
import io.jenkins.plugins.dhcplease.linux.testbed.Sh;
import io.jenkins.plugins.dhcplease.linux.testbed.Testbed;
import io.jenkins.plugins.dhcplease.linux.testbed.TestbedExtension;
import io.jenkins.plugins.dhcplease.model.LeaseAction;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The backend as agents and the CLI use it — {@code DhcpClients.forThisMachine()}, no command prefix, the processes
 * of the JVM's own namespace, state under /run/dhcp-lease — in JVMs started inside the lab namespace: a release in
 * one, the renew in the next, as two pipeline steps or two CLI runs would.
 */
class ProductionBackendInNamespaceTest {

    @RegisterExtension
    final TestbedExtension testbed = new TestbedExtension(Testbed.Second.NONE);

    @ParameterizedTest
    @EnumSource(value = ClientKind.class, names = {"DHCLIENT", "DHCPCD", "UDHCPC"})
    void aReleaseAndALaterRenewInSeparateJvms(ClientKind client) {
        Testbed lab = testbed.testbed();
        lab.startClient(client);

        Sh.Result release = EngineInNamespace.run(lab, LeaseAction.RELEASE, lab.clientInterface());

        assertEquals(0, release.code(), release.out() + release.err());
        assertTrue(release.out().startsWith("released|"), release.out());
        assertEquals(Optional.empty(), lab.serverLease(Testbed.CLIENT_MAC));
        assertEquals(Optional.empty(), lab.clientAddress(lab.clientInterface()));

        Sh.Result renew = EngineInNamespace.run(lab, LeaseAction.RENEW, lab.clientInterface());

        assertEquals(0, renew.code(), renew.out() + renew.err());
        assertTrue(renew.out().startsWith("renewed|"), renew.out());
        ServerLease lease = lab.serverLease(Testbed.CLIENT_MAC).orElseThrow();
        assertEquals(Optional.of(lease.ip()), lab.clientAddress(lab.clientInterface()));
    }
}
