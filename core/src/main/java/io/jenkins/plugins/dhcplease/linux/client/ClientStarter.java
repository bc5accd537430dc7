package io.jenkins.plugins.dhcplease.linux.client;

import io.jenkins.plugins.dhcplease.engine.Deadline;
import io.jenkins.plugins.dhcplease.linux.LinuxHost;
import io.jenkins.plugins.dhcplease.linux.command.CommandResult;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts a DHCP client again as it was started, never as a child of the agent:
 * <ul>
 * <li>when a systemd service owns the daemon (its cgroup names the unit and the unit's main pid is the daemon), the
 *     unit is remembered and started again with {@code systemctl --no-block start|restart UNIT};</li>
 * <li>otherwise its recorded arguments run under {@code setsid -f} (a new session; the agent does not wait for it, and
 *     it is reparented to init), and, when systemd is PID 1, inside {@code systemd-run --scope} so that it also leaves
 *     the agent's cgroup: stopping the agent's service does not kill it.</li>
 * </ul>
 * The start is detached, so its success is seen only by its effect: the drivers look for the new daemon and its lease.
 */
final class ClientStarter {

    private static final String UNIT_FILE = "unit";
    /** The least time a restart of a client dhcp-lease stopped gets, however little the request has left. */
    static final Duration RESTORE_TIME = Duration.ofSeconds(5);

    private final LinuxHost host;
    private final SystemBinaries bin;

    ClientStarter(LinuxHost host) {
        this.host = host;
        this.bin = new SystemBinaries(host);
    }

    /**
     * The deadline for stopping a client and starting it again: the request's, but at least {@link #RESTORE_TIME}. A
     * request that ends while its client is stopped must not leave the interface without one.
     */
    static Deadline restoreDeadline(Deadline request) {
        return Deadline.after(Duration.ofMillis(Math.max(request.remainingMillis(), RESTORE_TIME.toMillis())));
    }

    /** Whether systemd is PID 1 (what sd_booted() checks). */
    boolean systemdRuns() {
        return Files.isDirectory(host.file("/run/systemd/system"));
    }

    /**
     * The systemd service whose main process is {@code pid}, from {@code /proc/PID/cgroup} and the unit's MainPID;
     * empty without systemd, or when the daemon is not the service's main process (ifup@IF.service, a shell's
     * session): restarting such a unit would do more than restart the client.
     */
    Optional<String> owningUnit(long pid, Deadline deadline) throws InterruptedException {
        if (pid <= 0 || !systemdRuns()) {
            return Optional.empty();
        }
        Optional<String> unit = unitOf(read("/proc/" + pid + "/cgroup"));
        if (unit.isEmpty()) {
            return Optional.empty();
        }
        try {
            CommandResult r = host.runner().run(List.of(bin.require("systemctl"), "show", "-p", "MainPID", "--value",
                    unit.get()), deadline);
            return r.ok() && r.stdout().strip().equals(Long.toString(pid)) ? unit : Optional.empty();
        } catch (SystemBinaries.Missing e) {
            return Optional.empty();
        }
    }

    /** The service unit named by a {@code /proc/PID/cgroup} text (cgroup v2 {@code 0::}, else v1 {@code name=systemd}). */
    static Optional<String> unitOf(String cgroup) {
        String path = null;
        for (String line : cgroup.split("\n")) {
            if (line.startsWith("0::")) {
                path = line.substring(3);
            } else if (path == null && line.contains(":name=systemd:")) {
                path = line.substring(line.indexOf(":name=systemd:") + ":name=systemd:".length());
            }
        }
        if (path == null) {
            return Optional.empty();
        }
        String last = path.substring(path.lastIndexOf('/') + 1).strip();
        return last.endsWith(".service") ? Optional.of(last) : Optional.empty();
    }

    /** Keeps the daemon's owning unit (or that it has none) with the interface's state, for a later start. */
    void rememberOwner(String ifname, Optional<String> unit) throws IOException {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("unit", unit.map(List::of).orElse(List.of()));
        host.state().write(ifname, UNIT_FILE, "the systemd service that owned the DHCP client dhcp-lease stopped (none:"
                + " it is started again with its recorded arguments)", m);
    }

    Optional<String> rememberedOwner(String ifname) {
        List<String> u = host.state().read(ifname, UNIT_FILE).get("unit");
        return u == null || u.isEmpty() || !u.get(0).endsWith(".service") ? Optional.empty() : Optional.of(u.get(0));
    }

    void forgetOwner(String ifname) {
        try {
            Files.deleteIfExists(host.state().dir().resolve(ifname + "." + UNIT_FILE));
        } catch (IOException e) {
            // a leftover owner note only names a unit; the next stop rewrites it
        }
    }

    /** {@code systemctl --no-block VERB UNIT}: restart or start through the owning service. */
    CommandResult viaUnit(String verb, String unit, Deadline deadline) throws InterruptedException, SystemBinaries.Missing {
        return host.runner().run(List.of(bin.require("systemctl"), "--no-block", verb, unit), deadline);
    }

    /** Starts {@code argv} (its program already the system binary) detached from the agent: see the class comment. */
    CommandResult detached(List<String> argv, Deadline deadline) throws InterruptedException, SystemBinaries.Missing {
        return host.runner().run(detachedCommand(argv), deadline);
    }

    List<String> detachedCommand(List<String> argv) throws SystemBinaries.Missing {
        if (systemdRuns()) {
            return Argv.of(bin.require("setsid"), "-f", bin.require("systemd-run"), "--scope", "--quiet", "--collect",
                    "--", argv);
        }
        return Argv.of(bin.require("setsid"), "-f", argv);
    }

    private String read(String absolute) {
        try {
            return Files.readString(host.file(absolute));
        } catch (IOException e) {
            return "";
        }
    }
}
