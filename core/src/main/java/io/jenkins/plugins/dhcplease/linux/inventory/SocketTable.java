package io.jenkins.plugins.dhcplease.linux.inventory;

import io.jenkins.plugins.dhcplease.model.TcpConnection;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The established TCP connections of one process: the sockets among its open files ({@code /proc/PID/fd}) matched by
 * inode against its namespace's tables ({@code /proc/PID/net/tcp}, {@code tcp6}). IPv4-mapped IPv6 addresses (a
 * dual-stack Java socket) are given as IPv4, as adapters list them.
 */
public final class SocketTable {

    private static final String ESTABLISHED = "01";
    private static final Pattern SOCKET_LINK = Pattern.compile("socket:\\[(\\d+)]");

    private SocketTable() {
    }

    public static List<TcpConnection> established(Path proc, long pid) throws IOException {
        Path dir = proc.resolve(Long.toString(pid));
        Set<String> inodes = socketInodes(dir.resolve("fd"));
        List<TcpConnection> out = new ArrayList<>();
        for (String table : List.of("net/tcp", "net/tcp6")) {
            try {
                out.addAll(parse(Files.readAllLines(dir.resolve(table)), inodes));
            } catch (NoSuchFileException e) {
                // no IPv6 in this kernel
            }
        }
        return out;
    }

    static Set<String> socketInodes(Path fdDir) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(fdDir)) {
            for (Path fd : fds) {
                try {
                    Matcher m = SOCKET_LINK.matcher(Files.readSymbolicLink(fd).toString());
                    if (m.matches()) {
                        inodes.add(m.group(1));
                    }
                } catch (IOException e) {
                    // closed while we looked
                }
            }
        }
        return inodes;
    }

    /** Lines of a /proc/net/tcp{,6} table: the established connections whose socket inode is in {@code inodes}. */
    static List<TcpConnection> parse(List<String> lines, Set<String> inodes) {
        List<TcpConnection> out = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            // sl local rem st tx:rx tr:when retrnsmt uid timeout inode ...
            if (f.length < 10 || !f[0].endsWith(":") || !ESTABLISHED.equals(f[3]) || !inodes.contains(f[9])) {
                continue;
            }
            String[] local = f[1].split(":");
            String[] remote = f[2].split(":");
            out.add(new TcpConnection(address(local[0]), Integer.parseInt(local[1], 16),
                    address(remote[0]), Integer.parseInt(remote[1], 16)));
        }
        return out;
    }

    /** The kernel prints each 32-bit word of the address in host order (little-endian here). */
    static String address(String hex) {
        byte[] b = new byte[hex.length() / 2];
        for (int word = 0; word < b.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                int at = (word * 4 + 3 - i) * 2;
                b[word * 4 + i] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        try {
            // InetAddress turns an IPv4-mapped IPv6 address into an Inet4Address by itself
            return InetAddress.getByAddress(b).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + hex, e);
        }
    }
}
