package io.jenkins.plugins.dhcplease.linux.client;

import io.jenkins.plugins.dhcplease.engine.Deadline;
import io.jenkins.plugins.dhcplease.engine.OperationResult;
import io.jenkins.plugins.dhcplease.linux.LinuxHost;
import io.jenkins.plugins.dhcplease.linux.command.CommandResult;
import io.jenkins.plugins.dhcplease.linux.detect.Detection;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * busybox udhcpc, by signal to its daemon (it stays running throughout):
 * <ul>
 * <li>release: {@code kill -USR2 PID} sends RELEASE and deconfigures;</li>
 * <li>renew: {@code kill -USR1 PID} sends a unicast RENEW, or starts over when released.</li>
 * </ul>
 * udhcpc keeps no lease record: it only runs its script on every bind, renew and deconfigure. The kernel counts the
 * page faults of the children a process has waited for (cminflt, /proc/PID/stat field 11), so that count moves
 * exactly when udhcpc has run its script. The lease's "obtained" time is when dhcp-lease first saw the current
 * count, kept in the state directory so that it is stable across reads and runs.
 */
final class UdhcpcDriver implements ClientDriver {

    private static final int CMINFLT_FIELD = 11;
    private static final String SEEN_FILE = "udhcpc-seen";

    private final LinuxHost host;

    UdhcpcDriver(LinuxHost host) {
        this.host = host;
    }

    @Override
    public LeaseInfo lease(String ifname, int ifindex, Detection client) {
        Optional<Long> runs = host.processes().statField(client.pid(), CMINFLT_FIELD);
        if (runs.isEmpty()) {
            return LeaseInfo.NONE;
        }
        String key = client.pid() + ":" + runs.get();
        Map<String, List<String>> seen = host.state().read(ifname, SEEN_FILE);
        List<String> prevKey = seen.get("script-runs");
        List<String> prevAt = seen.get("first-seen");
        if (prevKey != null && prevAt != null && prevKey.equals(List.of(key))) {
            try {
                return new LeaseInfo(null, Instant.parse(prevAt.get(0)), null);
            } catch (RuntimeException e) {
                // rewrite below
            }
        }
        Instant now = Instant.now();
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("script-runs", List.of(key));
        m.put("first-seen", List.of(now.toString()));
        try {
            host.state().write(ifname, SEEN_FILE, "udhcpc's script-run count (pid:cminflt) and when dhcp-lease first"
                    + " saw it: the best 'lease obtained' time udhcpc allows", m);
        } catch (IOException e) {
            return LeaseInfo.NONE;
        }
        return new LeaseInfo(null, now, null);
    }

    private static final String RENEW_FACT = "udhcpc-renew";

    @Override
    public OperationResult release(String ifname, Detection client, Deadline deadline) throws InterruptedException {
        return signal(client, "USR2", deadline);
    }

    /**
     * SIGUSR1, then waits for udhcpc's script to run (its bind or renew). Measured (busybox 1.35): a forced renew that
     * nobody answers ends after three unicast and one broadcast request, about 3*T+1 s (T its {@code -T}, default 3),
     * in "deconfig" — the address goes although the lease is valid — and udhcpc starts over (DISCOVER) and keeps
     * trying. So this renew, too, may take the address away: {@link #renewInterruptsAddress()}.
     */
    @Override
    public OperationResult renew(String ifname, Detection client, Deadline deadline) throws InterruptedException {
        LeaseInfo before = lease(ifname, 0, client);
        long pendingFor = pendingRenewSeconds(ifname, client);
        if (pendingFor >= 0) {
            // busybox: a second SIGUSR1 while a forced renew is unanswered means "start over": deconfig, address gone
            return OperationResult.failed(CommandOutcomes.NO_ANSWER, "udhcpc (process " + client.pid() + ") was asked"
                    + " to renew " + ifname + " " + pendingFor + " s ago and no DHCP server has answered since; asking"
                    + " again would make it drop the address (busybox starts over on a second renew signal). Nothing"
                    + " was sent. Check that the DHCP server is reachable from " + ifname + ", then renew again after "
                    + giveUpSeconds(client) + " s.");
        }
        OperationResult sent = signal(client, "USR1", deadline);
        if (!sent.ok()) {
            return sent;
        }
        rememberRenew(ifname, client);
        if (LeaseWait.changed(() -> lease(ifname, 0, client), before.obtained(), deadline).isPresent()) {
            return OperationResult.OK;
        }
        return OperationResult.failed(CommandOutcomes.NO_ANSWER, "udhcpc (process " + client.pid() + ") sent its renew"
                + " but no DHCP server answered " + ifname + " by the deadline. udhcpc still holds the lease, but gives"
                + " a forced renew up after about " + giveUpSeconds(client) + " s without an answer and then drops the"
                + " address although the lease is still valid (busybox's behaviour); it keeps running and asks again"
                + " (DISCOVER) until a server answers. Check that the DHCP server is reachable from " + ifname + ".");
    }

    /** Seconds since an unanswered renew signal to this udhcpc still in its retry window, or -1 when there is none. */
    private long pendingRenewSeconds(String ifname, Detection client) {
        List<String> v = host.state().read(ifname, RENEW_FACT).getOrDefault("signalled", List.of());
        List<String> pid = host.state().read(ifname, RENEW_FACT).getOrDefault("pid", List.of());
        if (v.size() != 1 || pid.size() != 1 || !pid.get(0).equals(Long.toString(client.pid()))) {
            return -1;
        }
        try {
            long ago = Duration.between(Instant.parse(v.get(0)), Instant.now()).toSeconds();
            LeaseInfo now = lease(ifname, 0, client);
            boolean answered = now.obtained() != null && now.obtained().isAfter(Instant.parse(v.get(0)));
            return !answered && ago >= 0 && ago <= giveUpSeconds(client) ? ago : -1;
        } catch (DateTimeParseException e) {
            return -1;
        }
    }

    private void rememberRenew(String ifname, Detection client) {
        try {
            host.state().write(ifname, RENEW_FACT, "the last renew signal sent to udhcpc", Map.of(
                    "signalled", List.of(Instant.now().toString()), "pid", List.of(Long.toString(client.pid()))));
        } catch (IOException e) {
            // best effort: without it a quick second renew may make udhcpc start over
        }
    }

    /** A forced renew may end in deconfig while the lease is valid (see {@link #renew}). */
    @Override
    public boolean renewInterruptsAddress() {
        return true;
    }

    /** About when udhcpc gives up an unanswered forced renew: 3 requests T s apart, then one broadcast. */
    static long giveUpSeconds(Detection client) {
        List<String> a = client.argv();
        long t = 3;
        for (int i = 0; i < a.size(); i++) {
            String v = a.get(i).startsWith("--timeout=") ? a.get(i).substring("--timeout=".length())
                    : ("-T".equals(a.get(i)) || "--timeout".equals(a.get(i))) && i + 1 < a.size() ? a.get(i + 1)
                    : a.get(i).matches("-T\\d+") ? a.get(i).substring(2) : null;
            if (v != null && v.matches("\\d+")) {
                t = Long.parseLong(v);
            }
        }
        return 3 * t + 1;
    }

    private OperationResult signal(Detection client, String signal, Deadline deadline) throws InterruptedException {
        try {
            CommandResult r = host.runner().run(new SystemBinaries(host).kill(signal, client.pid()), deadline);
            return CommandOutcomes.of(r, "udhcpc (process " + client.pid() + ") was not signalled: it may have exited,"
                    + " or dhcp-lease does not run as root.");
        } catch (SystemBinaries.Missing e) {
            return CommandOutcomes.missing(e);
        }
    }
}
