package io.jenkins.plugins.dhcplease.linux.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.dhcplease.agent.LeaseJobs;
import io.jenkins.plugins.dhcplease.agent.LeaseJournal;
import io.jenkins.plugins.dhcplease.linux.detect.ClientKind;
import io.jenkins.plugins.dhcplease.linux.testbed.AgentInNamespace;
import io.jenkins.plugins.dhcplease.linux.testbed.ServerLease;
import io.jenkins.plugins.dhcplease.linux.testbed.Sh;
import io.jenkins.plugins.dhcplease.linux.testbed.Testbed;
import io.jenkins.plugins.dhcplease.linux.testbed.TestbedExtension;
import io.jenkins.plugins.dhcplease.model.LeaseOutcome;
import io.jenkins.plugins.dhcplease.model.LeaseReport;
import io.jenkins.plugins.dhcplease.model.OutcomeStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The agent JVM dies with the address under it — after the release, before the renew — as an agent killed, crashed or
 * launched over stdio (its JVM exits when its channel ends) would. The job process finishes the renew on its own; the
 * lease is back on both sides (the client's address, dnsmasq's lease file), one client daemon runs, and the outcome
 * waits in the journal for the controller, which collects it from another JVM.
 */
class AgentDiesMidOperationTest {

    @RegisterExtension
    final TestbedExtension testbed = new TestbedExtension(Testbed.Second.NONE);

    @TempDir
    Path journal;

    @ParameterizedTest
    @EnumSource(value = ClientKind.class, names = {"DHCLIENT", "DHCPCD", "UDHCPC"})
    void theRenewStillHappensAndItsOutcomeIsCollected(ClientKind client) throws Exception {
        Testbed lab = testbed.testbed();
        lab.startClient(client);
        String id = "dies-" + UUID.randomUUID();

        Sh.Result agent = AgentInNamespace.releaseRenewAndDie(lab, journal, id);
        assertEquals(137, agent.code(), agent.out() + agent.err());
        assertTrue(agent.out().contains("the agent dies now"), agent.out());

        LeaseReport report = collect(id);
        LeaseOutcome o = report.outcomes().get(0);
        assertEquals(OutcomeStatus.RENEWED, o.status(), o.toString());
        ServerLease lease = lab.serverLease(Testbed.CLIENT_MAC).orElseThrow(() -> new AssertionError(lab.serverLog()));
        assertEquals(Optional.of(lease.ip()), lab.clientAddress(lab.clientInterface()));
        assertEquals(lease.ip(), o.addressAfter());
        assertTrue(lab.serverLog().contains("DHCPRELEASE"), "the release really happened: " + lab.serverLog());
        // one process tree (dhcpcd has helper processes of its own), and no job process or agent left running
        List<Long> pids = lab.labPids();
        List<Long> roots = pids.stream().filter(p -> !pids.contains(parent(p))).toList();
        assertEquals(1, roots.size(), "one client daemon in the lab, nothing else left running: " + roots);
        String comm = Files.readString(Path.of("/proc", roots.get(0).toString(), "comm")).trim();
        assertEquals(client.toolName(), comm);
    }

    private static long parent(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    private LeaseReport collect(String id) throws Exception {
        LeaseJobs controllerSide = LeaseJobs.journalOnly(new LeaseJournal(journal));
        long until = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < until) {
            Optional<LeaseReport> r = controllerSide.collect(id);
            if (r.isPresent()) {
                return r.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no outcome journaled within 30 s; job output: " + new LeaseJournal(journal).outputTail(id));
    }
}
