package io.jenkins.plugins.dhcplease.linux.testbed;

import io.jenkins.plugins.dhcplease.agent.AgentConnectionProbe;
import java.util.List;
import java.util.Optional;

/**
 * {@link AgentConnectionProbe#ROUTING_TABLE} as it answers inside a lab namespace: the probe consults the calling
 * process's routing table, and a JVM cannot enter another namespace, so a second JVM runs it there.
 */
public final class ProbeInNamespace implements AgentConnectionProbe {

    private final String namespace;

    public ProbeInNamespace(String namespace) {
        this.namespace = namespace;
    }

    @Override
    public Optional<String> localAddressTowards(String host, int port) {
        String java = ProcessHandle.current().info().command().orElse("java");
        Sh.Result r = Sh.run(List.of("ip", "netns", "exec", namespace, java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), host == null ? "" : host, Integer.toString(port)));
        if (r.code() != 0) {
            throw new IllegalStateException("the probe JVM in " + namespace + " failed: " + r.err());
        }
        String out = r.out().trim();
        return out.isEmpty() ? Optional.empty() : Optional.of(out);
    }

    /** Runs in the namespace: prints the probe's answer, or nothing. */
    public static final class Main {
        public static void main(String[] args) {
            System.out.println(AgentConnectionProbe.ROUTING_TABLE.localAddressTowards(args[0], Integer.parseInt(args[1]))
                    .orElse(""));
        }
    }
}
