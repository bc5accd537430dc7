package io.jenkins.plugins.dhcplease.agent;

import io.jenkins.plugins.dhcplease.model.LeaseAction;
import io.jenkins.plugins.dhcplease.model.LeaseRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Jobs in real job processes against the IP Helper shim (the Windows binding through JNA): one adapter whose renew
 * takes a while, so that the starter can be stopped, killed or cut off while the job runs. Public and reflective
 * on purpose: {@link JobProcessTest} drives it from another class loader and from another JVM.
 */
public final class ShimJobs {

    public static final String SCENARIO = """
            adapter eth2
            name Ethernet 2
            index 12
            mac 00-15-5D-01-02-03
            address 10.0.0.5/24 dhcp
            gateway 10.0.0.1
            server 10.0.0.1
            lease 1795000000 1795086400
            renew-address 10.0.0.7/24
            renew-server 10.0.0.1
            renew-delay 1500
            """;

    private ShimJobs() {
    }

    public static LeaseRequest request() {
        return LeaseRequest.builder(LeaseAction.RELEASE_THEN_RENEW).selector("Ethernet 2").timeout(Duration.ofSeconds(20))
                .build();
    }

    /** Starts the request's job in a job process on the shim; returns the job (a LeaseJobs.Job). */
    public static Object start(Path journal, Map<String, Object> request) throws Exception {
        Path scenario = journal.resolve("shim.scenario");
        Files.createDirectories(journal);
        Files.writeString(scenario, SCENARIO);
        JobProcess starter = JobProcess.forThisJvm(true, Map.of("DHCP_LEASE_BACKEND", "windows",
                "DHCP_LEASE_SHIM_SCENARIO", scenario.toString()));
        return LeaseJobs.withProcesses(new LeaseJournal(journal), starter)
                .start(LeaseRequest.fromPlain(request), ProcessHandle.current().pid(), line -> { });
    }

    /** Waits for the job's report and returns it as plain values. */
    public static Map<String, Object> await(Object job) throws Exception {
        return ((LeaseJobs.Job) job).await().toPlain();
    }

    /** Whether the job's progress log has a line containing {@code text} yet. */
    public static boolean logged(Path journal, String id, String text) throws Exception {
        List<String> lines = new LeaseJournal(journal).lines(id, 0);
        return lines.stream().anyMatch(l -> l.contains(text));
    }

    /**
     * A stand-in agent JVM: starts the job, and once the release is done and the renew runs, dies at once
     * ({@code halt}, as kill -9 or a launched agent's exit would end it). Args: journal dir, request id.
     */
    public static void main(String[] args) throws Exception {
        Path journal = Path.of(args[0]);
        LeaseRequest r = LeaseRequest.builder(LeaseAction.RELEASE_THEN_RENEW).id(args[1]).selector("Ethernet 2")
                .timeout(Duration.ofSeconds(20)).build();
        start(journal, r.toPlain());
        long until = System.nanoTime() + 15_000_000_000L;
        while (!logged(journal, args[1], "renewing after the release") && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        System.out.println("renew under way; the agent dies now");
        System.out.flush();
        Runtime.getRuntime().halt(137);
    }
}
