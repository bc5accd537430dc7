package io.jenkins.plugins.dhcplease.linux.detect;

import io.jenkins.plugins.dhcplease.files.SafePaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The one place that decides which processes, and which of their arguments, dhcp-lease believes (docs/linux.md,
 * "Trust rules"). dhcp-lease runs as root and acts on what it believes: it stops, signals and restarts clients and
 * hands their files to root programs. A process counts as a DHCP client only when
 * <ul>
 * <li>its real and effective uid are root's. Two daemons drop root by design: systemd-networkd runs as a system user
 *     (uid below 1000; it is only ever asked through networkctl), and dhcpcd with privilege separation runs its
 *     interface process ({@code dhcpcd: eth0 [ip4]}) as its own system user — that one counts when a root child of it
 *     runs the same binary (its {@code [privileged proxy]}), and only by its title: it shows no arguments;</li>
 * <li>{@code /proc/PID/exe}, what the kernel runs, is that client's binary ({@code dhclient}, {@code dhcpcd},
 *     {@code busybox} or {@code udhcpc}, {@code NetworkManager}, {@code systemd-networkd}) — argv[0] and comm are
 *     the process's own words and never decide;</li>
 * <li>that binary is a root-owned regular file that neither group nor others may write, and every directory above
 *     it is root's and not writable by others ({@link SafePaths}); a binary replaced since it started shows as
 *     "(deleted)" and counts when its directory is such a directory (only root could have put it there);</li>
 * <li>every argument that names a file the client reads, runs or writes (dhclient {@code -sf -cf -pf -lf -df}, dhcpcd
 *     {@code -f -c}, udhcpc {@code -s -p}) names an absolute path that passes the same test, or does not exist yet
 *     in a directory that does.</li>
 * </ul>
 * A process that fails one rule is not believed at all (never with the offending argument dropped: without its own
 * script or pid file the client would be run differently than it was started, with the distribution's defaults).
 */
public final class ProcessTrust {

    /** The highest uid of a system user (login.defs SYS_UID_MAX). */
    private static final int SYS_UID_MAX = 999;

    private static final Set<String> DHCLIENT_FILES = Set.of("-sf", "-cf", "-pf", "-lf", "-df");
    private static final Set<String> DHCPCD_FILES = Set.of("-f", "--config", "-c", "--script");
    private static final Set<String> UDHCPC_FILES = Set.of("-s", "--script", "-p", "--pidfile");
    private static final Map<ClientKind, Set<String>> BINARIES = Map.of(
            ClientKind.DHCLIENT, Set.of("dhclient"),
            ClientKind.DHCPCD, Set.of("dhcpcd"),
            ClientKind.UDHCPC, Set.of("busybox", "udhcpc"),
            ClientKind.NETWORK_MANAGER, Set.of("NetworkManager"),
            ClientKind.SYSTEMD_NETWORKD, Set.of("systemd-networkd"));

    private final SafePaths paths;
    private final Function<String, Path> file;

    /**
     * @param paths what counts as root's files
     * @param file  where an absolute path of the machine lies ({@code LinuxHost::file}: a fake tree in unit tests)
     */
    public ProcessTrust(SafePaths paths, Function<String, Path> file) {
        this.paths = paths;
        this.file = file;
    }

    /** Why {@code p} is not believed to be {@code kind}'s daemon; empty when it is. */
    public Optional<String> distrust(ProcessInfo p, ClientKind kind) {
        return distrust(p, kind, List.of());
    }

    /**
     * Why {@code p} is not believed to be {@code kind}'s daemon; empty when it is.
     *
     * @param table the other processes of the same look at /proc (a privilege-separated dhcpcd counts by its root child)
     */
    public Optional<String> distrust(ProcessInfo p, ClientKind kind, List<ProcessInfo> table) {
        if (kind == ClientKind.DHCPCD && p.uid() > 0 && p.uid() <= SYS_UID_MAX && p.uid() == p.euid()) {
            return privilegeSeparatedDhcpcd(p, table);
        }
        boolean systemUser = kind == ClientKind.SYSTEMD_NETWORKD;
        if (p.uid() < 0 || p.euid() < 0) {
            return Optional.of("its owner cannot be read");
        }
        if (!(p.uid() == 0 && p.euid() == 0 || systemUser && p.uid() <= SYS_UID_MAX && p.euid() <= SYS_UID_MAX)) {
            return Optional.of("it runs as uid " + (p.uid() == p.euid() ? p.uid() : p.uid() + " (effective "
                    + p.euid() + ")") + ", not as root" + (systemUser ? " or a system user" : ""));
        }
        if (p.exe() == null) {
            return Optional.of("the binary it runs (/proc/" + p.pid() + "/exe) cannot be read");
        }
        boolean deleted = p.exe().endsWith(ProcessInfo.DELETED);
        String exe = deleted ? p.exe().substring(0, p.exe().length() - ProcessInfo.DELETED.length()) : p.exe();
        String binary = ProcessInfo.baseName(exe);
        if (!BINARIES.get(kind).contains(binary)) {
            return Optional.of("it runs " + exe + ", not " + kind.toolName());
        }
        Optional<String> unsafe = deleted ? paths.directory(file.apply(exe).getParent())
                : paths.regularFile(file.apply(exe));
        if (unsafe.isPresent()) {
            return Optional.of("its binary " + exe + " is not root's alone: " + unsafe.get());
        }
        return distrustArguments(kind, p.args());
    }

    /** dhcpcd's own system user, believed through its root {@code [privileged proxy]} child of the same binary. */
    private Optional<String> privilegeSeparatedDhcpcd(ProcessInfo p, List<ProcessInfo> table) {
        if (p.argv().size() != 1 || !p.argv().get(0).startsWith("dhcpcd: ")) {
            return Optional.of("it runs as uid " + p.uid() + ", not as root, and shows arguments rather than the title"
                    + " of a privilege-separated dhcpcd");
        }
        Optional<ProcessInfo> proxy = table.stream().filter(c -> c.ppid() == p.pid() && c.uid() == 0 && c.euid() == 0
                && c.exe() != null && c.exe().equals(p.exe())).findFirst();
        if (proxy.isEmpty()) {
            return Optional.of("it runs as uid " + p.uid() + ", not as root, and no root process of the same binary"
                    + " (the privileged proxy of a privilege-separated dhcpcd) is its child");
        }
        return distrust(proxy.get(), ClientKind.DHCPCD, List.of());
    }

    /**
     * Why the file arguments of a {@code kind} command line ({@code args}: without the program) are not believed;
     * empty when they are. Also applied to a release record's arguments before they are run.
     */
    public Optional<String> distrustArguments(ClientKind kind, List<String> args) {
        for (String f : fileArguments(kind, args)) {
            if (!f.startsWith("/")) {
                return Optional.of("its argument " + f + " is a relative path (relative to a working directory"
                        + " dhcp-lease cannot vouch for)");
            }
            Optional<String> unsafe = paths.fileOrAbsent(file.apply(f));
            if (unsafe.isPresent()) {
                return Optional.of("its argument " + f + " is not root's alone: " + unsafe.get());
            }
        }
        return Optional.empty();
    }

    /** The values of the options of {@code kind} that name files, in every spelling the client accepts. */
    static List<String> fileArguments(ClientKind kind, List<String> args) {
        Set<String> options = switch (kind) {
            case DHCLIENT -> DHCLIENT_FILES;
            case DHCPCD -> DHCPCD_FILES;
            case UDHCPC -> UDHCPC_FILES;
            default -> Set.of();
        };
        List<String> files = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            int eq = a.indexOf('=');
            if (options.contains(a) && i + 1 < args.size()) {
                files.add(args.get(++i));
            } else if (a.startsWith("--") && eq > 0 && options.contains(a.substring(0, eq))) {
                files.add(a.substring(eq + 1));
            } else if (kind != ClientKind.DHCLIENT && a.length() > 2 && a.charAt(0) == '-' && a.charAt(1) != '-'
                    && options.contains(a.substring(0, 2))) {
                files.add(a.substring(2)); // getopt's -sFILE (dhcpcd, busybox); dhclient has only -sf FILE
            }
        }
        return files;
    }
}
