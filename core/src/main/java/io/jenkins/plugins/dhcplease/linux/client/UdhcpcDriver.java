package io.jenkins.plugins.dhcplease.linux.client;

import io.jenkins.plugins.dhcplease.engine.Deadline;
import io.jenkins.plugins.dhcplease.engine.OperationResult;
import io.jenkins.plugins.dhcplease.linux.LinuxHost;
import io.jenkins.plugins.dhcplease.linux.command.CommandResult;
import io.jenkins.plugins.dhcplease.linux.command.ProcessCommandRunner;
import io.jenkins.plugins.dhcplease.linux.detect.Detection;
import java.io.IOException;
import java.time.Instant;
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

    @Override
    public OperationResult release(String ifname, Detection client, Deadline deadline) throws InterruptedException {
        return signal(client, "USR2", deadline);
    }

    @Override
    public OperationResult renew(String ifname, Detection client, Deadline deadline) throws InterruptedException {
        return signal(client, "USR1", deadline);
    }

    private OperationResult signal(Detection client, String signal, Deadline deadline) throws InterruptedException {
        List<String> kill = List.of("kill", "-" + signal, Long.toString(client.pid()));
        // minimal images have no kill program (procps), but udhcpc comes with busybox
        CommandResult r = host.runner().run(ProcessCommandRunner.onPath("kill") ? kill : Argv.of("busybox", kill), deadline);
        return CommandOutcomes.of(r, "udhcpc (process " + client.pid() + ") was not signalled: it may have exited, or"
                + " dhcp-lease does not run as root.");
    }
}
