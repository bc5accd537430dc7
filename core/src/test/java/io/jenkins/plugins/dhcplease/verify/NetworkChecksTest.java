package io.jenkins.plugins.dhcplease.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.dhcplease.engine.AddressChecks.Answer;
import io.jenkins.plugins.dhcplease.engine.Deadline;
import io.jenkins.plugins.dhcplease.model.AddressCheck;
import io.jenkins.plugins.dhcplease.model.AddressOrigin;
import io.jenkins.plugins.dhcplease.model.AddressState;
import io.jenkins.plugins.dhcplease.model.CheckResult;
import io.jenkins.plugins.dhcplease.model.Ipv4Address;
import io.jenkins.plugins.dhcplease.model.LeaseException;
import io.jenkins.plugins.dhcplease.model.NetworkAdapter;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The real checks against listeners of this test on the loopback only (no traffic leaves the machine). */
class NetworkChecksTest {

    private static final String LOCAL = "127.0.0.1";
    private final NetworkChecks checks = new NetworkChecks();

    private static NetworkAdapter adapter(List<String> gateways) {
        return new NetworkAdapter("lo", 1, "lo", "", "", "loopback", true, true,
                List.of(new Ipv4Address(LOCAL, 8, AddressOrigin.DHCP, AddressState.USABLE)), gateways, null, null, null, null);
    }

    private Answer run(String check, List<String> gateways) throws LeaseException {
        return checks.run(AddressCheck.parse(check), adapter(gateways), LOCAL, Deadline.after(Duration.ofSeconds(3)));
    }

    /** A port nothing listens on: bound once, then closed. */
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(LOCAL))) {
            return s.getLocalPort();
        }
    }

    @Test
    void tcpPassesOnlyWhenTheConnectionIsAcceptedAndLeavesFromTheRenewedAddress() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getByName(LOCAL))) {
            CompletableFuture<String> peer = CompletableFuture.supplyAsync(() -> {
                try (Socket s = listener.accept()) {
                    return ((InetSocketAddress) s.getRemoteSocketAddress()).getAddress().getHostAddress();
                } catch (IOException e) {
                    return e.toString();
                }
            });
            Answer a = run("tcp:127.0.0.1:" + listener.getLocalPort(), List.of());
            assertEquals(CheckResult.Result.PASSED, a.result(), a.detail());
            assertEquals("127.0.0.1:" + listener.getLocalPort() + " accepted a TCP connection from 127.0.0.1", a.detail());
            assertEquals(LOCAL, peer.get());
        }
    }

    @Test
    void tcpToAClosedPortFailsSayingItWasRefused() throws Exception {
        int port = closedPort();
        Answer a = run("tcp:127.0.0.1:" + port, List.of());
        assertEquals(CheckResult.Result.FAILED, a.result());
        assertEquals("127.0.0.1:" + port + " refused the connection from 127.0.0.1: nothing listens there, or a firewall"
                + " rejects it", a.detail());
    }

    @Test
    void aGatewayThatRefusesStillAnswers() throws Exception {
        int port = closedPort();
        Answer a = run("gateway:" + port, List.of(LOCAL));
        assertEquals(CheckResult.Result.PASSED, a.result(), a.detail());
        assertEquals("the gateway 127.0.0.1 answered (it refused TCP port " + port + ") from 127.0.0.1", a.detail());
    }

    @Test
    void noGatewayFailsSayingSo() throws Exception {
        Answer a = run("gateway", List.of());
        assertEquals(CheckResult.Result.FAILED, a.result());
        assertTrue(a.detail().startsWith("lo (index 1) has no default gateway after the renew"), a.detail());
    }

    @Test
    void aSourceAddressThatIsNotHereFails() throws Exception {
        Answer a = checks.run(AddressCheck.parse("tcp:127.0.0.1:" + closedPort()), adapter(List.of()), "192.0.2.77",
                Deadline.after(Duration.ofSeconds(3)));
        assertEquals(CheckResult.Result.FAILED, a.result());
        assertTrue(a.detail().contains("could not be reached from 192.0.2.77"), a.detail());
    }

    @Test
    void dnsResolvesThroughTheSystemResolver() throws Exception {
        Answer a = run("dns:localhost", List.of());
        assertEquals(CheckResult.Result.PASSED, a.result(), a.detail());
        assertTrue(a.detail().startsWith("localhost resolves to "), a.detail());
    }

    @Test
    void anExpiredDeadlineTriesNothing() throws Exception {
        Answer a = checks.run(AddressCheck.parse("tcp:127.0.0.1:9"), adapter(List.of()), LOCAL, Deadline.after(Duration.ZERO));
        assertEquals(CheckResult.Result.TIMED_OUT, a.result());
    }
}
