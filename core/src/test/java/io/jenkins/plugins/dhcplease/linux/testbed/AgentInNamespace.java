package io.jenkins.plugins.dhcplease.linux.testbed;

import io.jenkins.plugins.dhcplease.agent.LeaseJobs;
import io.jenkins.plugins.dhcplease.agent.LeaseJournal;
import io.jenkins.plugins.dhcplease.linux.LinuxHost;
import io.jenkins.plugins.dhcplease.model.LeaseAction;
import io.jenkins.plugins.dhcplease.model.LeaseRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A stand-in agent JVM inside a lab namespace: starts a release-then-renew as the plugin's callable does (a job process
 * of its own, journaled), and dies at once ({@code halt}, as kill -9, a crash or a launched agent's exit would end it)
 * as soon as the release has taken the address away.
 */
public final class AgentInNamespace {

    private AgentInNamespace() {
    }

    /** Runs the stand-in in the lab; returns when it has died. */
    public static Sh.Result releaseRenewAndDie(Testbed lab, Path journal, String requestId) {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", lab.labNamespace(), "env",
                LinuxHost.DHCPCD_ARGS_ENV + "=" + String.join(" ", lab.dhcpcdArgs()),
                ProcessHandle.current().info().command().orElse("java"), "-D" + LeaseJournal.DIR_PROPERTY + "=" + journal,
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), lab.clientInterface(), requestId));
        return Sh.run(argv);
    }

    public static final class Main {
        public static void main(String[] args) throws Exception {
            LeaseRequest request = LeaseRequest.builder(LeaseAction.RELEASE_THEN_RENEW).id(args[1]).selector(args[0])
                    .timeout(Duration.ofSeconds(20)).build();
            LeaseJobs jobs = LeaseJobs.onThisAgent();
            jobs.start(request, ProcessHandle.current().pid(), line -> {
                System.out.println(line);
                if (line.contains("renewing after the release")) {
                    System.out.println("the address is gone; the agent dies now");
                    System.out.flush();
                    Runtime.getRuntime().halt(137);
                }
            }).await();
            System.out.println("the job finished before the agent could die");
            System.exit(1);
        }
    }
}
