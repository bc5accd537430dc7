package io.jenkins.plugins.dhcplease.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.dhcplease.agent.ShimJobs;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI prints what the console can show: ASCII stand-ins on a console that is not UTF-8, the symbols on one that is. */
class ConsoleOutputTest {

    /** The job tests' adapter (Ethernet 2, 10.0.0.5, renews to 10.0.0.7), without their slow renew. */
    static final String SCENARIO = ShimJobs.SCENARIO.replace("renew-delay 1500\n", "");


    @TempDir
    Path dir;

    private Path scenario() throws Exception {
        return Files.writeString(dir.resolve("shim.scenario"), SCENARIO);
    }

    private static void assertAsciiWithStandIns(ChildCli cli) {
        for (byte[] bytes : List.of(cli.outBytes(), cli.errBytes())) {
            for (byte b : bytes) {
                assertTrue(b >= 0, "only ASCII on an ASCII console: " + new String(bytes, StandardCharsets.ISO_8859_1));
            }
            assertFalse(new String(bytes, StandardCharsets.US_ASCII).contains("?"),
                    "no '?' where a symbol was meant: " + new String(bytes, StandardCharsets.US_ASCII));
        }
    }

    @Test
    void aPosixLocaleWithAnAsciiStdoutGetsAsciiStandIns() throws Exception {
        try (ChildCli cli = new ChildCli(scenario(), Map.of("LANG", "C", "LC_ALL", "POSIX"),
                List.of("-Dstdout.encoding=US-ASCII", "-Dstderr.encoding=US-ASCII"),
                "renew", "--adapter", "Ethernet 2", "--release-first")) {
            assertEquals(0, cli.exit(30), cli.err(StandardCharsets.US_ASCII));
            assertAsciiWithStandIns(cli);
            assertTrue(cli.out(StandardCharsets.US_ASCII).startsWith("Ethernet 2 (index 12): renewed 10.0.0.5 -> 10.0.0.7 from"),
                    cli.out(StandardCharsets.US_ASCII));
            assertTrue(cli.err(StandardCharsets.US_ASCII).contains("releasing 10.0.0.5 ...\n"), cli.err(StandardCharsets.US_ASCII));
        }
    }

    @Test
    void thePosixLocaleAloneIsEnough() throws Exception {
        try (ChildCli cli = new ChildCli(scenario(), Map.of("LC_ALL", "C"), List.of(),
                "renew", "--adapter", "Ethernet 2", "--release-first")) {
            assertEquals(0, cli.exit(30), cli.err(StandardCharsets.US_ASCII));
            assertAsciiWithStandIns(cli);
            assertTrue(cli.out(StandardCharsets.US_ASCII).contains("renewed 10.0.0.5 -> 10.0.0.7"), cli.out(StandardCharsets.US_ASCII));
        }
    }

    @Test
    void anErrorOnAnAsciiConsoleToo() throws Exception {
        try (ChildCli cli = new ChildCli(scenario(), Map.of("LANG", "C"), List.of("-Dstderr.encoding=US-ASCII"),
                "release", "--adapter", "*".repeat(10_000))) {
            assertEquals(ExitCodes.BAD_INPUT, cli.exit(30));
            assertAsciiWithStandIns(cli);
            String err = cli.err(StandardCharsets.US_ASCII);
            assertTrue(err.startsWith("dhcp-lease: The adapter selector '********************...' is 10000 characters long;"
                    + " a selector has at most 300"), err);
            assertFalse(err.contains("Exception") || err.contains("\tat "), "no stack trace: " + err);
        }
    }

    @Test
    void aUtf8ConsoleStillGetsTheSymbols() throws Exception {
        try (ChildCli cli = new ChildCli(scenario(), Map.of("LANG", "C.UTF-8"), List.of("-Dstdout.encoding=UTF-8",
                "-Dstderr.encoding=UTF-8"), "renew", "--adapter", "Ethernet 2", "--release-first")) {
            assertEquals(0, cli.exit(30), cli.err(StandardCharsets.UTF_8));
            assertTrue(cli.out(StandardCharsets.UTF_8).contains("renewed 10.0.0.5 → 10.0.0.7"), cli.out(StandardCharsets.UTF_8));
            assertTrue(cli.err(StandardCharsets.UTF_8).contains("releasing 10.0.0.5 …"), cli.err(StandardCharsets.UTF_8));
        }
    }

    @Test
    void theConsoleCharsetComesFromTheJvmThenTheLocale() {
        Properties p = new Properties();
        p.setProperty("stdout.encoding", "US-ASCII");
        p.setProperty("native.encoding", "UTF-8");
        assertEquals(StandardCharsets.US_ASCII, ConsoleCharset.of("stdout", p, Map.of(), null));
        p.clear();
        p.setProperty("sun.stdout.encoding", "cp850");
        assertEquals(Charset.forName("IBM850"), ConsoleCharset.of("stdout", p, Map.of(), null));
        p.clear();
        assertEquals(StandardCharsets.US_ASCII, ConsoleCharset.fromLocale(Map.of("LC_ALL", "POSIX", "LANG", "en_US.UTF-8")));
        assertEquals(StandardCharsets.ISO_8859_1, ConsoleCharset.fromLocale(Map.of("LANG", "de_DE.ISO-8859-1@euro")));
        assertEquals(StandardCharsets.UTF_8, ConsoleCharset.fromLocale(Map.of("LC_CTYPE", "en_US.utf8", "LANG", "C")));
        assertEquals("renewed 10.0.0.5 -> 10.0.0.7 ... \u00e9", ConsoleWriter.showable("renewed 10.0.0.5 → 10.0.0.7 … \u00e9",
                StandardCharsets.ISO_8859_1));
        assertEquals("Ethernet ? ...", ConsoleWriter.showable("Ethernet \u4e00 …", Charset.forName("IBM437")));
    }
}
