package io.jenkins.plugins.dhcplease.linux.testbed;

import io.jenkins.plugins.dhcplease.agent.DhcpClients;
import io.jenkins.plugins.dhcplease.engine.AgentConnection;
import io.jenkins.plugins.dhcplease.engine.LeaseEngine;
import io.jenkins.plugins.dhcplease.files.Json;
import io.jenkins.plugins.dhcplease.linux.LinuxHost;
import io.jenkins.plugins.dhcplease.model.LeaseAction;
import io.jenkins.plugins.dhcplease.model.LeaseReport;
import io.jenkins.plugins.dhcplease.model.LeaseRequest;
import io.jenkins.plugins.dhcplease.verify.NetworkChecks;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The engine with the production backend ({@link DhcpClients#forThisMachine()}: no command prefix, this JVM's own
 * namespace) in a JVM started inside a lab namespace, as an agent or the CLI runs there: {@link EngineProcess} run to
 * its end.
 */
public final class EngineInNamespace {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private EngineInNamespace() {
    }

    /** Runs {@code action} on {@code selector} in a new JVM inside the lab; returns its output lines and exit code. */
    public static Sh.Result run(Testbed lab, LeaseAction action, String selector) {
        try {
            return EngineProcess.start(lab, List.of(), action.word(), selector, TIMEOUT).await(TIMEOUT.plusSeconds(20));
        } catch (IOException e) {
            throw new IllegalStateException("could not start the engine JVM in " + lab.labNamespace(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs {@code request} in a new JVM inside the lab as the agent's job process does: the request as JSON in, the
     * engine with the real network checks, the report as JSON out (stdout); exit 0 when the report is ok.
     */
    public static Sh.Result run(Testbed lab, LeaseRequest request) {
        return Sh.run(List.of("ip", "netns", "exec", lab.labNamespace(), "env",
                LinuxHost.DHCPCD_ARGS_ENV + "=" + String.join(" ", lab.dhcpcdArgs()),
                ProcessHandle.current().info().command().orElse("java"), "-cp", System.getProperty("java.class.path"),
                RequestMain.class.getName(), Json.write(request.toPlain())));
    }

    /** The report {@link #run(Testbed, LeaseRequest)} printed. */
    public static LeaseReport report(Sh.Result r) {
        @SuppressWarnings("unchecked")
        Map<String, Object> plain = (Map<String, Object>) Json.parse(r.out());
        return LeaseReport.fromPlain(plain);
    }

    /** In the namespace: a request as JSON (args[0]) run with {@link NetworkChecks}; the report as JSON. */
    public static final class RequestMain {
        public static void main(String[] args) throws Exception {
            @SuppressWarnings("unchecked")
            LeaseRequest request = LeaseRequest.fromPlain((Map<String, Object>) Json.parse(args[0]));
            LeaseReport report = new LeaseEngine(DhcpClients.forThisMachine(), AgentConnection.NONE, new NetworkChecks())
                    .run(request, System.err::println);
            System.out.println(Json.write(report.toPlain()));
            System.exit(report.ok() ? 0 : 1);
        }
    }
}
