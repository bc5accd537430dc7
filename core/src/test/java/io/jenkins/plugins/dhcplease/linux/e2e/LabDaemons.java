package io.jenkins.plugins.dhcplease.linux.e2e;

import io.jenkins.plugins.dhcplease.linux.detect.ClientKind;
import io.jenkins.plugins.dhcplease.linux.testbed.Testbed;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The lab's client daemons as the kernel shows them: to count them after runs that might fight. */
final class LabDaemons {

    private LabDaemons() {
    }

    /** Pids of the {@code client} daemons for {@code ifname} in the lab (dhcpcd: its interface process, not helpers). */
    static List<Long> of(Testbed lab, ClientKind client, String ifname) {
        List<Long> out = new ArrayList<>();
        for (long pid : lab.labPids()) {
            try {
                String exe = Files.readSymbolicLink(Path.of("/proc/" + pid + "/exe")).toString();
                String cmd = new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8)
                        .replace('\0', ' ').trim();
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                if (stat.charAt(stat.lastIndexOf(')') + 2) == 'Z') {
                    continue;
                }
                boolean match = switch (client) {
                    case DHCLIENT -> exe.endsWith("/dhclient") && cmd.contains(ifname);
                    case DHCPCD -> exe.endsWith("/dhcpcd") && (cmd.startsWith("dhcpcd: " + ifname + " ")
                            || !cmd.startsWith("dhcpcd:") && cmd.endsWith(" " + ifname));
                    case UDHCPC -> exe.endsWith("/busybox") && cmd.startsWith("udhcpc") && cmd.contains(ifname);
                    default -> false;
                };
                if (match) {
                    out.add(pid);
                }
            } catch (IOException | RuntimeException e) {
                // gone meanwhile
            }
        }
        return out;
    }
}
