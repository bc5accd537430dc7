package io.jenkins.plugins.dhcplease.linux.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.dhcplease.linux.LinuxDhcpClient;
import io.jenkins.plugins.dhcplease.linux.detect.ClientKind;
import io.jenkins.plugins.dhcplease.linux.state.StateStore;
import io.jenkins.plugins.dhcplease.linux.testbed.EngineProcess;
import io.jenkins.plugins.dhcplease.linux.testbed.Sh;
import io.jenkins.plugins.dhcplease.linux.testbed.Testbed;
import io.jenkins.plugins.dhcplease.linux.testbed.TestbedExtension;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The production backend in a JVM of user nobody inside the lab: it refuses to change anything, and says why. */
class NonRootLabTest {

    private static final List<String> AS_NOBODY = List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @RegisterExtension
    final TestbedExtension testbed = new TestbedExtension(Testbed.Second.STATIC);

    private static List<Path> stateOf(String ifname) throws IOException {
        List<Path> out = new ArrayList<>();
        if (Files.isDirectory(StateStore.RUN_DIR)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(StateStore.RUN_DIR, ifname + ".*")) {
                files.forEach(out::add);
            }
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(value = ClientKind.class, names = {"DHCLIENT", "DHCPCD", "UDHCPC"})
    void releaseAndRenewNeedRootAndChangeNothing(ClientKind client) throws Exception {
        Testbed lab = testbed.testbed();
        lab.startClient(client);
        String ifname = lab.clientInterface();
        List<Long> daemons = LabDaemons.of(lab, client, ifname);
        String leases = lab.serverLeaseFile();
        List<String> addresses = lab.labAddresses();
        int acks = lab.serverAcks(Testbed.CLIENT_MAC);

        for (String action : List.of("release", "renew", "release-then-renew")) {
            Sh.Result r = EngineProcess.start(lab, AS_NOBODY, action, ifname, TIMEOUT).await(TIMEOUT.plusSeconds(20));

            assertEquals(3, r.code(), r.out() + r.err());
            assertTrue(r.out().startsWith("error|NEEDS_ROOT|Nothing was looked at or changed: releasing or renewing a"
                    + " DHCP lease on Linux needs root, and dhcp-lease runs as uid 65534"), r.out() + r.err());
        }

        assertEquals(daemons, LabDaemons.of(lab, client, ifname));
        assertEquals(leases, lab.serverLeaseFile());
        assertEquals(addresses, lab.labAddresses());
        assertEquals(acks, lab.serverAcks(Testbed.CLIENT_MAC));
        assertEquals(List.of(), stateOf(ifname));
        assertEquals(List.of(), stateOf(lab.secondInterface()));
    }

    @ParameterizedTest
    @EnumSource(value = ClientKind.class, names = {"DHCLIENT", "UDHCPC"})
    void adaptersWithoutRootSaysItCannotTellInsteadOfNoClient(ClientKind client) throws Exception {
        Testbed lab = testbed.testbed();
        lab.startClient(client);

        Sh.Result r = EngineProcess.start(lab, AS_NOBODY, "adapters", "-", TIMEOUT).await(TIMEOUT.plusSeconds(20));

        assertEquals(0, r.code(), r.out() + r.err());
        String unknown = "|" + LinuxDhcpClient.UNKNOWN_WITHOUT_ROOT;
        // dhclient's lease has a lifetime: DHCP by the kernel's word; udhcpc's has none, so only the client could tell
        boolean dynamic = client == ClientKind.DHCLIENT;
        assertTrue(r.out().contains(lab.clientInterface() + "|" + dynamic + unknown + "\n"), r.out());
        assertTrue(r.out().contains(lab.secondInterface() + "|false" + unknown + "\n"), r.out());
    }
}
