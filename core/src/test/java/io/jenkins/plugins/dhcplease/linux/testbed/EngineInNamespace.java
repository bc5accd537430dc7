package io.jenkins.plugins.dhcplease.linux.testbed;

import io.jenkins.plugins.dhcplease.agent.DhcpClients;
import io.jenkins.plugins.dhcplease.model.LeaseAction;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

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
}
