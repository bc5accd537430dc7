package io.jenkins.plugins.dhcplease.linux.testbed;

import io.jenkins.plugins.dhcplease.agent.AgentInventory;
import io.jenkins.plugins.dhcplease.files.Json;
import io.jenkins.plugins.dhcplease.linux.LinuxHost;
import io.jenkins.plugins.dhcplease.model.LeaseException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link AgentInventory} as {@code dhcpAdapters} runs it in an agent JVM, in a JVM inside the lab namespace that
 * holds a TCP connection of its own (the stand-in for the agent's channel) while it lists.
 */
public final class InventoryInNamespace {

    private InventoryInNamespace() {
    }

    /** {@code connectTo} is HOST:PORT to hold a connection to, or "-"; {@code selector} "-" for none. */
    public static Sh.Result run(Testbed lab, String connectTo, String selector) {
        return Sh.run(new ArrayList<>(List.of("ip", "netns", "exec", lab.labNamespace(), "env",
                LinuxHost.DHCPCD_ARGS_ENV + "=" + String.join(" ", lab.dhcpcdArgs()),
                ProcessHandle.current().info().command().orElse("java"), "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), connectTo, selector)));
    }

    /** In the namespace: the matched adapters as JSON on stdout, or the refusal on stderr (exit 3). */
    public static final class Main {
        public static void main(String[] args) throws Exception {
            Socket channel = null;
            if (!args[0].equals("-")) {
                int colon = args[0].lastIndexOf(':');
                channel = new Socket();
                channel.connect(new InetSocketAddress(args[0].substring(0, colon), Integer.parseInt(args[0].substring(colon + 1))), 5_000);
            }
            try {
                AgentInventory.Listing l = AgentInventory.onThisAgent(args[1].equals("-") ? null : args[1],
                        ProcessHandle.current().pid(), null, 0);
                System.out.println(Json.write(l.matched()));
            } catch (LeaseException e) {
                System.err.println(e.kind() + ": " + e.getMessage());
                System.exit(3);
            } finally {
                if (channel != null) {
                    channel.close();
                }
            }
        }
    }
}
