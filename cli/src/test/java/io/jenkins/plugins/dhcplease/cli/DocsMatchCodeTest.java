package io.jenkins.plugins.dhcplease.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The message tables of docs/troubleshooting.md and docs/cli.md are copied by hand from the code: every message they
 * quote must exist in the code, and every message the engine, the selection and the CLI can print must be in the
 * docs. Messages are compared by their literal text: a doc's placeholders (X, A, N, …) and "…" stand for the parts
 * the code computes.
 */
class DocsMatchCodeTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** What the docs use for a computed part of a message. */
    private static final Pattern PLACEHOLDER = Pattern.compile(
            "…|<[^>]+>|\\bN s\\b|\\b(?:X|A|H|N|S|T|DIR|CMD|ARGV|IF|FILE)\\b|169\\.254\\.x\\.y|'x'|'--x'|'[a-z]+:[a-z]*'");
    /** picocli's own words, which the CLI's messages start with. */
    private static final List<String> PICOCLI = List.of("Invalid value for option '--timeout': ",
            "Invalid value for option '--controller': ", "Unknown option: ", "Unmatched argument at index ",
            "Missing required parameter");
    /** Pieces the code composes from constants (a property's name and an environment variable's). */
    private static final List<String> COMPOSED = List.of("dhcplease backend/DHCP_LEASE_BACKEND is");
    /**
     * Files whose messages never reach a user on their own: DhcpClient's default connectionsOf fails only into the
     * evidence quoted by "Cannot tell which adapter carries this agent's connection (…)".
     */
    private static final List<String> INTERNAL = List.of("DhcpClient.java");
    private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"");
    /** Where a user-facing message is made: its text is the literals up to the end of the statement. */
    private static final Pattern MESSAGE_SITE = Pattern.compile("new LeaseException\\(|\\bbad\\(\"|withStatus\\(OutcomeStatus"
            + "|\\bend\\(OutcomeStatus|new RenewVerdict\\(|TypeConversionException\\(|\\bsay\\(\"|println\\(\"dhcp-lease: "
            + "|static String skipReason");

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> files(String dir, String suffix) {
        Path d = ROOT.resolve(dir);
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(d)) {
            return s.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Source with concatenated literals joined ("a" + "b" becomes "ab"), so a message reads as one string. */
    private static String joined(Path p) {
        return read(p).replaceAll("\"\\s*\\+\\s*\"", "");
    }

    private static String unescape(String literal) {
        return literal.replace("\\\"", "\"").replace("\\n", "\n").replace("\\\\", "\\");
    }

    /** Every literal of the code that can reach a user, and the step's messages. */
    private static String codeText() {
        StringBuilder b = new StringBuilder();
        List<Path> sources = new ArrayList<>();
        for (String dir : List.of("core/src/main/java", "cli/src/main/java", "plugin/src/main/java")) {
            sources.addAll(files(dir, ".java"));
        }
        for (Path p : sources) {
            Matcher m = LITERAL.matcher(joined(p));
            while (m.find()) {
                b.append(unescape(m.group(1))).append('\u0000');
            }
        }
        for (Path p : files("plugin/src/main/resources", ".properties")) {
            b.append(read(p)).append('\u0000');
        }
        return b.toString();
    }

    /** The quoted messages of a doc's tables whose first column is "message". */
    private static List<String> quotedMessages(String doc) {
        List<String> quotes = new ArrayList<>();
        boolean messageTable = false;
        for (String line : read(ROOT.resolve(doc)).split("\n")) {
            if (!line.startsWith("|")) {
                messageTable = false;
                continue;
            }
            String first = line.split("\\|")[1].trim();
            if (first.equals("message")) {
                messageTable = true;
            } else if (messageTable && !first.startsWith("---")) {
                Matcher m = Pattern.compile("`([^`]+)`").matcher(first);
                while (m.find()) {
                    quotes.add(m.group(1));
                }
            }
        }
        return quotes;
    }

    /**
     * The literal pieces of a quoted message: split at placeholders and at punctuation (where the code often joins a
     * computed part, as in {@code "failed" + code + ": " + message}); pieces of fewer than three words say too little.
     */
    private static List<String> pieces(String quote) {
        String q = quote;
        for (String p : PICOCLI) {
            q = q.replace(p, "…");
        }
        return Arrays.stream(PLACEHOLDER.split(q)).flatMap(f -> Arrays.stream(f.split("[.:;()]+(?:\\s|$)|[()]")))
                .map(DocsMatchCodeTest::words).filter(f -> f.split(" ").length >= 3).toList();
    }

    /** Words only: punctuation and quotes dropped, runs of white space as one space; NUL (a literal's end) kept. */
    private static String words(String s) {
        return s.replaceAll("[^\\p{L}\\p{N}\\-/_\\u0000\\s]", " ").replaceAll("[ \\t\\n\\r]+", " ").strip();
    }

    @Test
    void everyMessageTheDocsQuoteIsInTheCode() {
        String code = words(codeText());
        List<String> missing = new ArrayList<>();
        int checked = 0;
        for (String doc : List.of("docs/troubleshooting.md", "docs/cli.md")) {
            List<String> quotes = quotedMessages(doc);
            assertFalse(quotes.isEmpty(), doc + " has message tables");
            for (String quote : quotes) {
                for (String f : pieces(quote)) {
                    checked++;
                    if (!code.contains(f) && !COMPOSED.contains(f)) {
                        missing.add(doc + ": '" + f + "'  (of: " + quote + ")");
                    }
                }
            }
        }
        assertTrue(checked > 50, "checked " + checked);
        assertTrue(missing.isEmpty(), "quoted in the docs, but no message of the code says it:\n" + String.join("\n", missing));
    }

    /** The first literal run of at least three words of each message the scope makes. */
    private static List<String> codeMessages(String dir) {
        List<String> messages = new ArrayList<>();
        for (Path p : files(dir, ".java")) {
            if (INTERNAL.contains(p.getFileName().toString())) {
                continue;
            }
            String src = joined(p);
            Matcher site = MESSAGE_SITE.matcher(src);
            while (site.find()) {
                int end = src.indexOf(';', site.start());
                int brace = src.indexOf('}', site.start());
                String statement = src.substring(site.start(), brace >= 0 && brace < end ? brace : end);
                Matcher lit = LITERAL.matcher(statement);
                while (lit.find()) {
                    String text = unescape(lit.group(1)).strip().replaceFirst("^dhcp-lease: ", "");
                    if (words(text).split(" ").length >= 3) {
                        messages.add(p.getFileName() + ": " + text);
                        break;
                    }
                }
            }
        }
        return messages;
    }

    @Test
    void everyMessageOfTheEngineTheSelectionAndTheCliIsDocumented() {
        String docs = words(files("docs", ".md").stream().map(DocsMatchCodeTest::read)
                .collect(Collectors.joining("\n")));
        List<String> undocumented = new ArrayList<>();
        int checked = 0;
        for (String dir : List.of("core/src/main/java/io/jenkins/plugins/dhcplease/select",
                "core/src/main/java/io/jenkins/plugins/dhcplease/engine",
                "core/src/main/java/io/jenkins/plugins/dhcplease/model", "cli/src/main/java")) {
            for (String m : codeMessages(dir)) {
                checked++;
                String[] text = words(m.substring(m.indexOf(": ") + 2)).split(" ");
                // the opening words of the message, up to its first computed part, as the docs quote them
                String opening = String.join(" ", Arrays.asList(text).subList(0, Math.min(4, text.length)));
                if (!docs.contains(opening)) {
                    undocumented.add(m);
                }
            }
        }
        assertTrue(checked > 25, "checked " + checked);
        assertTrue(undocumented.isEmpty(), "messages the docs do not mention (docs/troubleshooting.md, docs/cli.md):\n"
                + String.join("\n", undocumented));
    }

    /** Statements the docs got wrong once; DhcpLeaseCliTest#whatTheDocsSayOfAllAndOfTheServerIsWhatHappens checks the code side. */
    @Test
    void theDocsSayWhatTheCodeDoes() {
        String steps = words(read(ROOT.resolve("docs/steps.md")));
        String help = words(read(ROOT.resolve(
                "plugin/src/main/resources/io/jenkins/plugins/dhcplease/steps/LeaseStep/help-allAdapters.html")));
        for (String doc : List.of(steps, help)) {
            assertTrue(doc.contains("adapters with a static address are left out"), "allAdapters without a selector");
            assertFalse(doc.contains("Adapters that are down or static are skipped and listed"), doc);
        }
        assertTrue(steps.contains("after a release the server the lease was released to"), "dhcpServer after a release");
        String linux = words(read(ROOT.resolve("docs/linux.md")));
        assertFalse(linux.contains("every command is killed at the request s deadline"), "the inventory has its own bound");
        assertTrue(linux.contains("the inventory ip -batch 10 s"), linux);
    }
}
