package io.jenkins.plugins.dhcplease.cli;

import io.jenkins.plugins.dhcplease.agent.DhcpClients;
import io.jenkins.plugins.dhcplease.engine.DhcpClient;
import io.jenkins.plugins.dhcplease.model.LeaseException;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** {@code dhcp-lease adapters | release | renew}: the agent-side engine, outside Jenkins. */
@Command(name = "dhcp-lease", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Lists network adapters and releases or renews their DHCP leases, the way the Jenkins steps"
                + " dhcpRelease and dhcpRenew do on an agent.",
        subcommands = {AdaptersCommand.class, ReleaseCommand.class, RenewCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:success",
                "1:internal error (a bug: please report it)",
                "2:bad input: usage, a malformed or ambiguous selector",
                "3:no adapter matched the selector",
                "4:an adapter failed, or every selected adapter was skipped",
                "5:timed out: the OS may still be working on it",
                "6:refused: it would cut this machine off the controller",
                "7:not supported on this OS or with this DHCP client",
                "8:the adapter inventory could not be read"})
public final class DhcpLeaseCli {

    /** Where commands get the OS from: the real machine, or a test's fake. */
    @FunctionalInterface
    public interface Backend {
        DhcpClient create() throws LeaseException;
    }

    final Backend backend;

    DhcpLeaseCli(Backend backend) {
        this.backend = backend;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new ConsoleWriter(System.out, ConsoleCharset.of("stdout")), true);
        PrintWriter err = new PrintWriter(new ConsoleWriter(System.err, ConsoleCharset.of("stderr")), true);
        System.exit(run(DhcpClients::forThisMachine, out, err, args));
    }

    /** Runs one command line; returns the exit code. */
    public static int run(Backend backend, PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new DhcpLeaseCli(backend));
        cl.setOut(out);
        cl.setErr(err);
        cl.setExitCodeExceptionMapper(e -> ExitCodes.INTERNAL);
        cl.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println("dhcp-lease: " + e.getMessage());
            e.getCommandLine().getErr().println("Run '" + e.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help' for the options.");
            return ExitCodes.BAD_INPUT;
        });
        return cl.execute(args);
    }
}
