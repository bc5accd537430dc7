package io.jenkins.plugins.dhcplease.linux.testbed;

import io.jenkins.plugins.dhcplease.linux.LinuxHost;
import io.jenkins.plugins.dhcplease.linux.command.ProcessCommandRunner;
import io.jenkins.plugins.dhcplease.linux.detect.ClientKind;
import io.jenkins.plugins.dhcplease.linux.state.StateStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

/**
 * NetworkManager or systemd-networkd for real in a {@link Testbed} (second interface {@code STATIC}): the daemon runs in
 * the lab's network namespace and in a private mount namespace of its own ({@code unshare -m}) with its own system
 * D-Bus (a dbus-daemon on a tmpfs {@code /run/dbus}), tmpfs state directories, the lab's configuration bind-mounted over
 * {@code /etc/NetworkManager} or {@code /etc/systemd/network}, the lab's resolv.conf and hostname over the host's, and
 * a read-only {@code /sys} (so NetworkManager does not wait for udev, which does not run here). Profiles: the main
 * interface by DHCP, the second one static (198.19.0.2/24).
 *
 * <p>dhcp-lease reaches it through {@code nsenter --net --mount} (nmcli, networkctl and the bus socket) and reads its
 * files under {@code /proc/PID/root}. Everything lives in the lab namespace, so {@link Testbed#close()} ends it.
 */
public final class ManagerLab {

    private final Testbed lab;
    private final ClientKind kind;
    private final long pid;

    private ManagerLab(Testbed lab, ClientKind kind, long pid) {
        this.lab = lab;
        this.kind = kind;
        this.pid = pid;
    }

    /** Starts {@code kind} (NETWORK_MANAGER or SYSTEMD_NETWORKD) in the lab and waits for the DHCP address. */
    public static ManagerLab start(Testbed lab, ClientKind kind) throws IOException {
        List<String> missing = java.util.stream.Stream.of(kind == ClientKind.NETWORK_MANAGER ? "/usr/sbin/NetworkManager"
                : "/lib/systemd/systemd-networkd", "/usr/bin/dbus-daemon", "/usr/bin/nsenter", "/usr/bin/unshare")
                .filter(p -> !Files.isExecutable(Path.of(p))).toList();
        if (!missing.isEmpty()) {
            // as root a missing tool fails the test (CI must never pass by skipping)
            throw new IllegalStateException("the " + kind.toolName() + " lab needs " + missing + ": apt-get install"
                    + " network-manager systemd dbus-daemon util-linux (scripts/install-deps)");
        }
        Path dir = Files.createDirectories(lab.dir().resolve(kind == ClientKind.NETWORK_MANAGER ? "nm" : "networkd"));
        String script = kind == ClientKind.NETWORK_MANAGER ? networkManager(lab, dir) : networkd(lab, dir);
        Path start = dir.resolve("start.sh");
        Files.writeString(start, script);
        Files.setPosixFilePermissions(start, PosixFilePermissions.fromString("rwxr-xr-x"));
        Sh.ok(List.of("setsid", "-f", "nsenter", "--net=/run/netns/" + lab.labNamespace(), "unshare", "-m",
                "--propagation", "private", start.toString()));
        String comm = kind == ClientKind.NETWORK_MANAGER ? "NetworkManager" : "systemd-network";
        long end = System.nanoTime() + 10_000_000_000L;
        Optional<Long> pid = Optional.empty();
        while (pid.isEmpty() && System.nanoTime() < end) {
            pid = lab.labPids().stream().filter(p -> comm.equals(comm(p))).findFirst();
            Testbed.sleep(20);
        }
        if (pid.isEmpty()) {
            throw new IllegalStateException(kind.toolName() + " did not start in " + lab.labNamespace() + ":\n"
                    + read(dir.resolve("daemon.log")));
        }
        ManagerLab m = new ManagerLab(lab, kind, pid.get());
        try {
            lab.waitForAddress(lab.clientInterface(), 20_000);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + "\n" + kind.toolName() + " log:\n" + m.log(), e);
        }
        return m;
    }

    /** The backend's view: commands entered into the daemon's namespaces, files read through its root. */
    public LinuxHost host() {
        try {
            Object inode = Files.getAttribute(Path.of("/run/netns", lab.labNamespace()), "unix:ino");
            ProcessCommandRunner runner = new ProcessCommandRunner(prefix());
            return new LinuxHost(runner, Path.of("/proc", Long.toString(pid), "root"), "net:[" + inode + "]",
                    new StateStore(lab.stateDir()), List.of());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs a command (nmcli, networkctl) as dhcp-lease would, for the test's own checks. */
    public String run(String... argv) {
        List<String> command = new java.util.ArrayList<>(prefix());
        command.addAll(List.of(argv));
        return Sh.ok(command);
    }

    /** Enters the daemon's network and mount namespaces (its bus socket, its /run). */
    private List<String> prefix() {
        return List.of("nsenter", "--net=/run/netns/" + lab.labNamespace(), "--mount=/proc/" + pid + "/ns/mnt");
    }

    public long pid() {
        return pid;
    }

    public String log() {
        return read(lab.dir().resolve(kind == ClientKind.NETWORK_MANAGER ? "nm" : "networkd").resolve("daemon.log"));
    }

    private static String common(Testbed lab, Path dir) throws IOException {
        // the lab's own resolv.conf and hostname over the host's: nothing the daemon writes there reaches the host
        Path etc = Files.createDirectories(dir.resolve("etc-files"));
        for (String f : List.of("resolv.conf", "hostname")) {
            Files.writeString(etc.resolve(f), "");
        }
        return """
                #!/bin/sh
                # %s: a private mount namespace for one network manager of the lab
                set -e
                mkdir -p /run/dbus
                mount -t tmpfs tmpfs /run/dbus
                mount --bind %s/resolv.conf /etc/resolv.conf
                mount --bind %s/hostname /etc/hostname
                mount -t sysfs -o ro sysfs /sys
                dbus-daemon --system --fork
                """.formatted(dir, etc, etc);
    }

    private static String networkManager(Testbed lab, Path dir) throws IOException {
        Path conf = Files.createDirectories(dir.resolve("etc"));
        Path profiles = Files.createDirectories(conf.resolve("system-connections"));
        Files.createDirectories(dir.resolve("var"));
        Files.writeString(conf.resolve("NetworkManager.conf"), """
                [main]
                plugins=keyfile
                dhcp=internal
                dns=none
                rc-manager=unmanaged
                hostname-mode=none
                no-auto-default=*
                auth-polkit=false
                [keyfile]
                unmanaged-devices=except:interface-name:%s;except:interface-name:%s
                """.formatted(lab.clientInterface(), lab.secondInterface()));
        profile(profiles.resolve("lab-dhcp.nmconnection"), """
                [connection]
                id=lab-dhcp
                type=ethernet
                interface-name=%s
                [ipv4]
                method=auto
                [ipv6]
                method=disabled
                """.formatted(lab.clientInterface()));
        profile(profiles.resolve("lab-static.nmconnection"), """
                [connection]
                id=lab-static
                type=ethernet
                interface-name=%s
                [ipv4]
                method=manual
                address1=%s/24
                [ipv6]
                method=disabled
                """.formatted(lab.secondInterface(), Testbed.STATIC_ADDRESS));
        return common(lab, dir) + """
                mkdir -p /run/NetworkManager
                mount -t tmpfs tmpfs /run/NetworkManager
                mount --bind %s /etc/NetworkManager
                mount --bind %s /var/lib/NetworkManager
                exec /usr/sbin/NetworkManager --no-daemon --debug --log-level=INFO > %s 2>&1
                """.formatted(conf, dir.resolve("var"), dir.resolve("daemon.log"));
    }

    private static String networkd(Testbed lab, Path dir) throws IOException {
        Path conf = Files.createDirectories(dir.resolve("network"));
        Files.writeString(conf.resolve("10-lab-dhcp.network"), """
                [Match]
                Name=%s
                [Network]
                DHCP=ipv4
                LinkLocalAddressing=no
                IPv6AcceptRA=no
                """.formatted(lab.clientInterface()));
        Files.writeString(conf.resolve("10-lab-static.network"), """
                [Match]
                Name=%s
                [Network]
                Address=%s/24
                LinkLocalAddressing=no
                IPv6AcceptRA=no
                """.formatted(lab.secondInterface(), Testbed.STATIC_ADDRESS));
        return common(lab, dir) + """
                mkdir -p /run/systemd
                mount -t tmpfs tmpfs /run/systemd
                mkdir -p /run/systemd/netif/links /run/systemd/netif/leases /run/systemd/netif/lldp
                chown -R systemd-network:systemd-network /run/systemd/netif
                mkdir -p /etc/systemd/network
                mount --bind %s /etc/systemd/network
                exec /lib/systemd/systemd-networkd > %s 2>&1
                """.formatted(conf, dir.resolve("daemon.log"));
    }

    private static void profile(Path f, String text) throws IOException {
        Files.writeString(f, text);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    }

    private static String comm(long pid) {
        return read(Path.of("/proc", Long.toString(pid), "comm")).strip();
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            return "";
        }
    }
}
