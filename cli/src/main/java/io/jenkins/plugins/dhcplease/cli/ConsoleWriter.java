package io.jenkins.plugins.dhcplease.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes text in the console's charset, with an ASCII stand-in for each symbol the charset cannot show
 * ({@code ->} for an arrow, {@code ...} for an ellipsis) instead of the encoder's {@code ?}.
 */
final class ConsoleWriter extends Writer {
    private static final Map<Integer, String> STAND_INS = Map.ofEntries(
            Map.entry((int) '→', "->"), Map.entry((int) '←', "<-"), Map.entry((int) '…', "..."),
            Map.entry((int) '—', "--"), Map.entry((int) '–', "-"), Map.entry((int) '‘', "'"),
            Map.entry((int) '’', "'"), Map.entry((int) '“', "\""), Map.entry((int) '”', "\""),
            Map.entry((int) '≥', ">="), Map.entry((int) '≤', "<="), Map.entry((int) '×', "x"),
            Map.entry((int) '·', "."), Map.entry(0xA0, " "));

    private final Writer out;
    private final CharsetEncoder encoder;
    private final boolean unicode;

    ConsoleWriter(OutputStream out, Charset charset) {
        this.out = new OutputStreamWriter(out, charset);
        this.encoder = charset.newEncoder();
        this.unicode = charset.equals(StandardCharsets.UTF_8) || charset.name().startsWith("UTF-");
    }

    /** What {@code text} becomes on a console of {@code charset}. */
    static String showable(String text, Charset charset) {
        CharsetEncoder e = charset.newEncoder();
        StringBuilder b = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> b.append(showable(cp, e)));
        return b.toString();
    }

    private static String showable(int cp, CharsetEncoder encoder) {
        String s = Character.toString(cp);
        if (encoder.canEncode(s)) {
            return s;
        }
        return STAND_INS.getOrDefault(cp, "?");
    }

    @Override
    public void write(char[] buf, int off, int len) throws IOException {
        if (unicode) {
            out.write(buf, off, len);
            return;
        }
        StringBuilder b = new StringBuilder(len);
        int end = off + len;
        for (int i = off; i < end; i++) {
            char c = buf[i];
            int cp = c;
            if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(buf[i + 1])) {
                cp = Character.toCodePoint(c, buf[++i]);
            }
            b.append(cp < 0x80 ? Character.toString(cp) : showable(cp, encoder));
        }
        out.write(b.toString());
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
