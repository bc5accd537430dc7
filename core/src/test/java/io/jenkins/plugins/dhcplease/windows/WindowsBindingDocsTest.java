package io.jenkins.plugins.dhcplease.windows;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The troubleshooting table of docs/windows-binding.md shows every sentence the binding prints, word for word. */
class WindowsBindingDocsTest {

    @Test
    void everyMappedCodeIsInTheTroubleshootingTable() throws Exception {
        Path doc = Path.of("..", "docs", "windows-binding.md");
        assertTrue(Files.isRegularFile(doc), "docs/windows-binding.md is missing (looked in " + doc.toAbsolutePath() + ")");
        String text = Files.readString(doc);
        Win32Errors errors = new Win32Errors(null); // mapped codes never reach FormatMessageW
        List<String> missing = new ArrayList<>();
        for (int code : Win32Errors.knownCodes()) {
            String row = "| " + code + " | " + errors.describe(code) + " |";
            if (!text.contains(row)) {
                missing.add(row);
            }
        }
        assertTrue(missing.isEmpty(), "rows missing or out of date in docs/windows-binding.md:\n" + String.join("\n", missing));
    }
}
