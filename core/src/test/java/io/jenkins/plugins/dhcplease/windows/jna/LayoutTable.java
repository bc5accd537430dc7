package io.jenkins.plugins.dhcplease.windows.jna;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sizes and offsets that mingw-w64's Windows SDK headers give, as the build extracted them from a compiled
 * (never run) Windows object: records of a 60-byte NUL-padded "TYPE.member" name and a little-endian uint32
 * (src/test/native/layout_probe.c).
 */
final class LayoutTable {
    private static final int RECORD = 64;
    private static final int NAME = 60;

    private LayoutTable() {
    }

    /** {@code arch} is x64 or x86. */
    static Map<String, Integer> load(String arch) throws IOException {
        String dir = System.getProperty("dhcplease.test.native");
        Path file = dir == null ? null : Path.of(dir, "layout-" + arch + ".bin");
        assertTrue(file != null && Files.isRegularFile(file), "the build did not produce the layout table " + file
                + " (core/src/test/native/build.sh, process-test-resources)");
        byte[] bytes = Files.readAllBytes(file);
        assertTrue(bytes.length > 0 && bytes.length % RECORD == 0, file + " is not a table of 64-byte records");
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        Map<String, Integer> table = new LinkedHashMap<>();
        for (int at = 0; at < bytes.length; at += RECORD) {
            int end = at;
            while (end < at + NAME && bytes[end] != 0) {
                end++;
            }
            table.put(new String(bytes, at, end - at, StandardCharsets.US_ASCII), b.getInt(at + NAME));
        }
        return table;
    }
}
