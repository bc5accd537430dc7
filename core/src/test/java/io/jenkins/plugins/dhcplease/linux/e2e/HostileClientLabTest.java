package io.jenkins.plugins.dhcplease.linux.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.dhcplease.engine.LeaseEngine;
import io.jenkins.plugins.dhcplease.linux.LinuxDhcpClient;
import io.jenkins.plugins.dhcplease.linux.detect.ClientKind;
import io.jenkins.plugins.dhcplease.linux.testbed.Sh;
import io.jenkins.plugins.dhcplease.linux.testbed.Testbed;
import io.jenkins.plugins.dhcplease.linux.testbed.TestbedExtension;
import io.jenkins.plugins.dhcplease.model.LeaseAction;
import io.jenkins.plugins.dhcplease.model.LeaseOutcome;
import io.jenkins.plugins.dhcplease.model.LeaseReport;
import io.jenkins.plugins.dhcplease.model.LeaseRequest;
import io.jenkins.plugins.dhcplease.model.NetworkAdapter;
import io.jenkins.plugins.dhcplease.model.OutcomeStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Processes that pose as the lab interface's DHCP client — another user's process with a client's argv, a root
 * process running a binary from a directory a user owns (copied there, or reached through a link), a real root
 * client whose script or pid file a user planted — and planted release records. None is believed: the interface is
 * reported with no trusted client, a release or renew fails with the reason and changes nothing, and nothing of the
 * poser's runs (its script appends to a marker file whenever anyone runs it; the marker is the same afterwards).
 */
class HostileClientLabTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(8);
    private static final String NOBODY = "65534";
    /** A dynamic address that no client manages: the interface counts as DHCP, so a run goes as far as detection. */
    private static final String DYNAMIC = "198.18.0.150/24";

    @RegisterExtension
    final TestbedExtension testbed = new TestbedExtension(Testbed.Second.NONE);

    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private Path evil;
    private Path marker;

    /** How the poser is made. */
    enum Poser { UNPRIVILEGED_ARGV, ROOT_RUNS_A_USERS_COPY, ROOT_RUNS_A_LINK_TO_A_USERS_COPY, REAL_CLIENT_WITH_A_PLANTED_SCRIPT }

    static Stream<Arguments> posers() {
        List<Arguments> out = new ArrayList<>();
        for (ClientKind c : List.of(ClientKind.DHCLIENT, ClientKind.DHCPCD, ClientKind.UDHCPC)) {
            for (Poser p : Poser.values()) {
                // dhcpcd shows only its title, never its arguments: a planted -c cannot be seen (docs/linux.md)
                if (!(c == ClientKind.DHCPCD && p == Poser.REAL_CLIENT_WITH_A_PLANTED_SCRIPT)) {
                    out.add(Arguments.of(c, p));
                }
            }
        }
        return out.stream();
    }

    private Testbed lab() {
        return testbed.testbed();
    }

    private String ifname() {
        return lab().clientInterface();
    }

    @BeforeEach
    void aDirectoryOfAnUnprivilegedUser() throws Exception {
        evil = Files.createDirectories(lab().dir().resolve("evil"));
        marker = evil.resolve("marker");
        Path hook = evil.resolve("hook");
        // the poser's script: records every run, and configures the address as the testbed's hook does
        Files.writeString(hook, "#!/bin/sh\necho \"ran as $(id -u): $0 $* $reason\" >> " + marker + "\n"
                + "if [ -n \"$reason\" ]; then exec " + lab().dir().resolve("hook-dhclient") + "; fi\n"
                + "exec " + lab().dir().resolve("hook-udhcpc") + " \"$@\"\n");
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
        chownNobody(hook);
        chownNobody(evil);
    }

    private void chownNobody(Path p) throws Exception {
        UserPrincipal nobody = p.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setOwner(p, nobody);
    }

    private LinuxDhcpClient backend() {
        return new LinuxDhcpClient(lab().host());
    }

    private LeaseReport run(LeaseAction action) throws Exception {
        return new LeaseEngine(backend()).run(LeaseRequest.builder(action).selector(ifname()).timeout(TIMEOUT).build(),
                log::add);
    }

    private Optional<String> markerText() throws Exception {
        return Files.exists(marker) ? Optional.of(Files.readString(marker, StandardCharsets.UTF_8)) : Optional.empty();
    }

    private void inLabBackground(List<String> prefix, String shell) {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", lab().labNamespace()));
        argv.addAll(prefix);
        argv.addAll(List.of("bash", "-c", shell + " </dev/null >/dev/null 2>&1 &"));
        Sh.ok(argv);
    }

    /** Arguments the poser shows after its name, as the real client's command line would have them. */
    private String posedArgs(ClientKind c) {
        return switch (c) {
            case DHCLIENT -> "-4 -v -sf " + evil.resolve("hook") + " -pf " + evil.resolve("pid") + " " + ifname();
            case DHCPCD -> "-4 -c " + evil.resolve("hook") + " " + ifname();
            case UDHCPC -> "-i " + ifname() + " -s " + evil.resolve("hook") + " -p " + evil.resolve("pid");
            default -> throw new IllegalArgumentException(c.toString());
        };
    }

    private static String binary(ClientKind c) {
        return switch (c) {
            case DHCLIENT -> "dhclient";
            case DHCPCD -> "dhcpcd";
            default -> "busybox";
        };
    }

    private String shown(ClientKind c, String path) {
        return c == ClientKind.UDHCPC ? "udhcpc" : path;
    }

    /** Starts the poser; returns the words its reason for not being believed must contain. */
    private String startPoser(ClientKind c, Poser p) throws Exception {
        String sleeper = "-c 'sleep 600; exit'"; // a shell that sleeps and ignores the client arguments after it
        switch (p) {
            case UNPRIVILEGED_ARGV -> {
                inLabBackground(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"),
                        "exec -a " + shown(c, evil.resolve(c.toolName()).toString()) + " /bin/sh " + sleeper + " " + posedArgs(c));
                return "runs as uid 65534, not as root";
            }
            case ROOT_RUNS_A_USERS_COPY -> {
                Path copy = evil.resolve(binary(c));
                Files.copy(Path.of("/bin/sh"), copy);
                chownNobody(copy);
                inLabBackground(List.of(), "exec -a " + shown(c, copy.toString()) + " " + copy + " " + sleeper + " "
                        + posedArgs(c));
                return "is not root's alone: the directory " + evil + " is owned by uid 65534";
            }
            case ROOT_RUNS_A_LINK_TO_A_USERS_COPY -> {
                Path copy = evil.resolve(binary(c));
                Files.copy(Path.of("/bin/sh"), copy);
                chownNobody(copy);
                Path rootsDir = Files.createDirectories(lab().dir().resolve("sbin"));
                Path link = Files.createSymbolicLink(rootsDir.resolve(binary(c)), copy);
                inLabBackground(List.of(), "exec -a " + shown(c, link.toString()) + " " + link + " " + sleeper + " "
                        + posedArgs(c));
                return "is not root's alone: the directory " + evil + " is owned by uid 65534";
            }
            case REAL_CLIENT_WITH_A_PLANTED_SCRIPT -> {
                List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", lab().labNamespace()));
                if (c == ClientKind.DHCLIENT) {
                    argv.addAll(List.of("dhclient", "-4", "-v", "-sf", evil.resolve("hook").toString(), "-pf",
                            lab().dir().resolve("dhclient.pid").toString(), "-lf",
                            lab().dir().resolve("dhclient.leases").toString(), "-cf",
                            lab().dir().resolve("dhclient.conf").toString(), ifname()));
                } else {
                    argv.addAll(List.of("udhcpc", "-i", ifname(), "-s", evil.resolve("hook").toString(), "-p",
                            lab().dir().resolve("udhcpc.pid").toString(), "-b", "-t", "3", "-T", "1"));
                }
                Sh.ok(argv);
                lab().waitForAddress(ifname(), 10_000);
                return "its argument " + evil.resolve("hook") + " is not root's alone";
            }
            default -> throw new IllegalArgumentException(p.toString());
        }
    }

    private List<Long> posersRunning(ClientKind c) {
        List<Long> out = new ArrayList<>();
        for (long pid : lab().labPids()) {
            try {
                String cmd = new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8);
                if (cmd.contains(ifname()) && (cmd.contains(evil.toString()) || cmd.startsWith("udhcpc"))) {
                    out.add(pid);
                }
            } catch (Exception e) {
                // gone
            }
        }
        return out;
    }

    private void awaitPoser(ClientKind c) throws InterruptedException {
        long end = System.nanoTime() + 5_000_000_000L;
        while (posersRunning(c).isEmpty()) {
            assertTrue(System.nanoTime() < end, "the poser did not start");
            Thread.sleep(20);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("posers")
    void aPoserIsNeverBelievedAndNothingOfItRuns(ClientKind client, Poser poser) throws Exception {
        String reason = startPoser(client, poser);
        awaitPoser(client);
        if (poser != Poser.REAL_CLIENT_WITH_A_PLANTED_SCRIPT) {
            Sh.ok(List.of("ip", "-n", lab().labNamespace(), "addr", "add", DYNAMIC, "dev", ifname(), "valid_lft", "600",
                    "preferred_lft", "600"));
        }
        Thread.sleep(300); // a real client's first script runs settle
        List<Long> posers = posersRunning(client);
        Optional<String> markerBefore = markerText();
        List<String> addresses = lab().labAddresses();
        String leases = lab().serverLeaseFile();

        NetworkAdapter listed = backend().adapters().stream().filter(a -> a.name().equals(ifname())).findFirst()
                .orElseThrow();
        assertNull(listed.manager(), "no trusted client manages it: " + listed);
        for (LeaseAction action : List.of(LeaseAction.RENEW, LeaseAction.RELEASE_THEN_RENEW)) {
            LeaseOutcome o = run(action).outcomes().get(0);

            if (client == ClientKind.UDHCPC && poser == Poser.REAL_CLIENT_WITH_A_PLANTED_SCRIPT) {
                // udhcpc's addresses have no lifetime: only a believed udhcpc makes them DHCP, so it is skipped as static
                assertEquals(OutcomeStatus.SKIPPED, o.status(), () -> o + "\n" + log);
                continue;
            }
            assertEquals(OutcomeStatus.FAILED, o.status(), () -> o + "\n" + log);
            assertEquals(LinuxDhcpClient.NO_KNOWN_CLIENT, o.errorCode(), o::toString);
            assertTrue(o.message().contains("no trusted DHCP client") && o.message().contains("not believed")
                    && o.message().contains(reason), o::message);
        }

        assertEquals(markerBefore, markerText(), "the poser's script ran");
        assertEquals(posers, posersRunning(client), "the poser was signalled, stopped, or started again");
        assertEquals(addresses, lab().labAddresses());
        assertEquals(leases, lab().serverLeaseFile());
        assertFalse(Files.exists(lab().stateDir().resolve(ifname() + ".state")), "the poser's argv was recorded");
    }

    @Test
    void aPlantedReleaseRecordIsRefusedAndNeverRun() throws Exception {
        Sh.ok(List.of("ip", "-n", lab().labNamespace(), "addr", "add", DYNAMIC, "dev", ifname(), "valid_lft", "600",
                "preferred_lft", "600"));
        Path record = lab().stateDir().resolve(ifname() + ".state");
        Files.createDirectories(lab().stateDir());
        Files.setPosixFilePermissions(lab().stateDir(), PosixFilePermissions.fromString("rwx------"));
        String text = "client=dhclient\nnetns=" + lab().host().netns() + "\nreleased=" + Instant.now() + "\narg="
                + evil.resolve("hook") + "\narg=" + ifname() + "\n";
        for (String how : List.of("another user's", "root's but readable by all")) {
            Files.writeString(record, text);
            if (how.startsWith("another")) {
                Files.setPosixFilePermissions(record, PosixFilePermissions.fromString("rw-------"));
                chownNobody(record);
            } else {
                Files.setPosixFilePermissions(record, PosixFilePermissions.fromString("rw-r--r--"));
            }
            String addresses = String.join(",", lab().labAddresses());

            LeaseOutcome o = run(LeaseAction.RENEW).outcomes().get(0);

            assertEquals(OutcomeStatus.FAILED, o.status(), () -> how + ": " + o + "\n" + log);
            assertTrue(o.message().contains("the release record is not believed and never run: " + record), o::message);
            assertEquals(Optional.empty(), markerText(), how + " record was run");
            assertEquals(addresses, String.join(",", lab().labAddresses()));
            Files.delete(record);
        }
    }
}
