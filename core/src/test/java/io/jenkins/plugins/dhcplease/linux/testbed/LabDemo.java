package io.jenkins.plugins.dhcplease.linux.testbed;

import io.jenkins.plugins.dhcplease.linux.LinuxHost;
import io.jenkins.plugins.dhcplease.linux.detect.ClientKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The CLI against a real DHCP server in seconds, without a lab (root): builds a testbed, starts a DHCP client in
 * it, runs {@code adapters}, {@code release} and {@code renew} of the CLI jar inside the lab namespace, shows after
 * each what the client has and what the server recorded, and removes the testbed.
 *
 * <pre>
 * java -cp core/target/classes:core/target/test-classes io.jenkins.plugins.dhcplease.linux.testbed.LabDemo \
 *     cli/target/dhcp-lease.jar [dhclient|dhcpcd|udhcpc]
 * </pre>
 *
 * Exit status: 0 when every CLI command exited 0, else the first non-zero one.
 */
public final class LabDemo {

    private LabDemo() {
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: LabDemo CLI_JAR [dhclient|dhcpcd|udhcpc]");
            System.exit(2);
        }
        if (!Testbed.isRoot()) {
            System.err.println("LabDemo needs root: it creates network namespaces, a veth pair and a DHCP server");
            System.exit(2);
        }
        ClientKind client = ClientKind.fromToolName(args.length > 1 ? args[1].toLowerCase(Locale.ROOT) : "dhcpcd");
        int status;
        try (Testbed lab = Testbed.create(Testbed.Second.NONE)) {
            String ifname = lab.clientInterface();
            say("testbed " + lab.id() + ": dnsmasq on " + Testbed.SERVER_ADDRESS + " in netns " + lab.serverNamespace()
                    + "; " + client.toolName() + " on " + ifname + " in netns " + lab.labNamespace());
            lab.startClient(client);
            show(lab);
            status = cli(lab, args[0], List.of("adapters"));
            status = first(status, cli(lab, args[0], List.of("release", "--adapter", ifname, "--timeout", "15s")));
            show(lab);
            status = first(status, cli(lab, args[0], List.of("renew", "--adapter", ifname, "--timeout", "15s")));
            show(lab);
            status = first(status, cli(lab, args[0], List.of("renew", "--adapter", ifname, "--release-first",
                    "--timeout", "15s")));
            show(lab);
            say("removing the testbed");
        }
        System.exit(status);
    }

    private static int cli(Testbed lab, String jar, List<String> command) {
        // a dhcpcd that a release stopped must start again with the testbed's config and hook, never the host's
        // (its default hooks rewrite /etc/resolv.conf, which network namespaces do not separate)
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", lab.labNamespace(), "env",
                LinuxHost.DHCPCD_ARGS_ENV + "=" + String.join(" ", lab.dhcpcdArgs()),
                ProcessHandle.current().info().command().orElse("java"), "-jar", jar));
        argv.addAll(command);
        say("$ dhcp-lease " + String.join(" ", command));
        Sh.Result r = Sh.run(argv);
        System.out.print(indent(r.err()));
        System.out.print(indent(r.out()));
        if (r.code() != 0) {
            say("(exit " + r.code() + ")");
        }
        return r.code();
    }

    private static void show(Testbed lab) {
        String client = lab.clientAddress(lab.clientInterface()).orElse("no address");
        String server = lab.serverLease(Testbed.CLIENT_MAC)
                .map(l -> l.ip() + " for " + l.mac() + ", expires " + java.time.Instant.ofEpochSecond(l.expiry()))
                .orElse("no lease");
        say("  client " + lab.clientInterface() + ": " + client + " | server (dnsmasq lease file): " + server);
    }

    private static int first(int a, int b) {
        return a != 0 ? a : b;
    }

    private static String indent(String text) {
        return text.isEmpty() ? "" : text.replaceAll("(?m)^", "    ");
    }

    private static void say(String line) {
        System.out.println(line);
    }
}
