package io.jenkins.plugins.dhcplease.linux.testbed;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A TCP listener in a JVM of its own inside a testbed namespace (the test JVM cannot enter one): it accepts every
 * connection, reports the peer's address and keeps the connection open (an agent's channel stays established) until
 * the peer closes it or the listener ends. Closing it ends the JVM.
 */
public final class TcpListenerInNamespace implements AutoCloseable {

    private final Process process;
    private final int port;
    private final List<String> peers = new CopyOnWriteArrayList<>();

    private TcpListenerInNamespace(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Listens on {@code address} (an address of {@code namespace}) on a free port; returns once it listens. */
    public static TcpListenerInNamespace start(String namespace, String address) throws IOException {
        Process p = new ProcessBuilder("ip", "netns", "exec", namespace,
                ProcessHandle.current().info().command().orElse("java"), "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), address).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        if (first == null || !first.startsWith("listening ")) {
            p.destroyForcibly();
            throw new IOException("the listener in " + namespace + " did not start: " + first);
        }
        TcpListenerInNamespace l = new TcpListenerInNamespace(p, Integer.parseInt(first.substring(10)));
        Thread reader = new Thread(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    l.peers.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "listener output");
        reader.setDaemon(true);
        reader.start();
        return l;
    }

    public int port() {
        return port;
    }

    /** The addresses connections came from, waiting up to {@code millis} for at least one. */
    public List<String> peers(long millis) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000;
        while (peers.isEmpty() && System.nanoTime() - end < 0) {
            Thread.sleep(10);
        }
        return List.copyOf(peers);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** In the namespace: {@code listening PORT}, then one line per accepted connection with the peer's address. */
    @SuppressWarnings("InfiniteLoopStatement")
    public static final class Main {
        public static void main(String[] args) throws IOException {
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(InetAddress.getByName(args[0]), 0));
                System.out.println("listening " + s.getLocalPort());
                System.out.flush();
                List<Socket> open = new java.util.ArrayList<>();
                while (true) {
                    Socket c = s.accept();
                    open.add(c); // held, not read: the peer sees an established connection until it closes its end
                    System.out.println(((InetSocketAddress) c.getRemoteSocketAddress()).getAddress().getHostAddress());
                    System.out.flush();
                }
            }
        }
    }
}
