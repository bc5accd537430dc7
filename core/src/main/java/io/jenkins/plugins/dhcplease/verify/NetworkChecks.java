package io.jenkins.plugins.dhcplease.verify;

import io.jenkins.plugins.dhcplease.engine.AddressChecks;
import io.jenkins.plugins.dhcplease.engine.Deadline;
import io.jenkins.plugins.dhcplease.model.AddressCheck;
import io.jenkins.plugins.dhcplease.model.NetworkAdapter;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The real {@code verify} checks, with plain JDK sockets (no raw sockets, no privileges, no external binary):
 * <ul>
 * <li>{@code gateway}: a TCP connect to the adapter's default gateway (port 53 unless given) from the renewed address.
 * An accepted connection or a refusal (RST) both prove the gateway answers at the IP level, both ways; only silence
 * fails. ICMP would need a raw socket or the system's {@code ping}, whose output differs per OS and language.</li>
 * <li>{@code tcp:HOST:PORT}: a TCP connect with the socket bound to the renewed address, so it leaves through it;
 * only an accepted connection passes.</li>
 * <li>{@code dns:NAME}: the name resolves through the system resolver (hosts file included).</li>
 * </ul>
 */
public final class NetworkChecks implements AddressChecks {

    @Override
    public Answer run(AddressCheck check, NetworkAdapter adapter, String localAddress, Deadline deadline) {
        return switch (check.kind()) {
            case GATEWAY -> gateway(check, adapter, localAddress, deadline);
            case TCP -> tcp(check, localAddress, deadline);
            case DNS -> dns(check);
        };
    }

    private static Answer gateway(AddressCheck check, NetworkAdapter adapter, String local, Deadline deadline) {
        if (adapter.gateways().isEmpty()) {
            return Answer.failed(adapter.label() + " has no default gateway after the renew (the DHCP server sent no"
                    + " router option); check the server's scope, or verify with tcp:HOST:PORT instead");
        }
        String gw = adapter.gateways().get(0);
        String target = gw + ":" + check.port();
        try {
            connect(InetAddress.getByName(gw), check.port(), local, deadline);
            return Answer.passed("the gateway " + target + " accepted a TCP connection from " + local);
        } catch (ConnectException e) {
            if (refused(e)) {
                return Answer.passed("the gateway " + gw + " answered (it refused TCP port " + check.port()
                        + ") from " + local);
            }
            return Answer.failed("the gateway " + target + " could not be reached from " + local + ": " + e.getMessage());
        } catch (SocketTimeoutException e) {
            return Answer.timedOut("no answer from the gateway " + target + " to " + local + " by the deadline: it is"
                    + " down, not on this network, or drops TCP port " + check.port() + " (then name another port:"
                    + " gateway:PORT)");
        } catch (IOException e) {
            return Answer.failed("the gateway " + target + " could not be reached from " + local + ": " + e);
        }
    }

    private static Answer tcp(AddressCheck check, String local, Deadline deadline) {
        String target = check.host() + ":" + check.port();
        InetAddress host;
        try {
            host = ipv4(check.host());
        } catch (UnknownHostException e) {
            return Answer.failed(check.host() + " does not resolve to an IPv4 address (" + e.getMessage() + ")");
        }
        String shown = host.getHostAddress().equals(check.host()) ? target : target + " (" + host.getHostAddress() + ")";
        try {
            connect(host, check.port(), local, deadline);
            return Answer.passed(shown + " accepted a TCP connection from " + local);
        } catch (ConnectException e) {
            return Answer.failed(shown + (refused(e) ? " refused the connection from " + local + ": nothing listens"
                    + " there, or a firewall rejects it" : " could not be reached from " + local + ": " + e.getMessage()));
        } catch (SocketTimeoutException e) {
            return Answer.timedOut("no answer from " + shown + " to " + local + " by the deadline: the host is down,"
                    + " unreachable from this network, or a firewall drops the connection");
        } catch (IOException e) {
            return Answer.failed(shown + " could not be reached from " + local + ": " + e);
        }
    }

    private static Answer dns(AddressCheck check) {
        try {
            String addresses = Arrays.stream(InetAddress.getAllByName(check.host()))
                    .map(InetAddress::getHostAddress).collect(Collectors.joining(", "));
            return Answer.passed(check.host() + " resolves to " + addresses);
        } catch (UnknownHostException e) {
            return Answer.failed(check.host() + " does not resolve through the system resolver (" + e.getMessage()
                    + "): check the DNS servers the lease gave and that they know the name");
        }
    }

    private static InetAddress ipv4(String host) throws UnknownHostException {
        for (InetAddress a : InetAddress.getAllByName(host)) {
            if (a instanceof Inet4Address) {
                return a;
            }
        }
        throw new UnknownHostException(host + " has only IPv6 addresses");
    }

    /** Connects from {@code local} (so the connection leaves through the renewed address) and closes at once. */
    private static void connect(InetAddress host, int port, String local, Deadline deadline) throws IOException {
        long left = deadline.remainingMillis();
        if (left <= 0) {
            throw new SocketTimeoutException("the deadline had passed");
        }
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName(local), 0));
            s.connect(new InetSocketAddress(host, port), (int) Math.min(Integer.MAX_VALUE, left));
        }
    }

    /** A refusal is an RST from the far side; "no route" and "unreachable" come from the local stack or a router. */
    private static boolean refused(ConnectException e) {
        return e.getMessage() != null && e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("refused");
    }
}
