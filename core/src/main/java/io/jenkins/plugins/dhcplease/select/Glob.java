package io.jenkins.plugins.dhcplease.select;

/**
 * A wildcard pattern: {@code *} any run of characters, {@code ?} one character, everything else literal, compared
 * case-insensitively. Matched without backtracking (the classic two-pointer algorithm: on a mismatch only the last
 * {@code *} is extended), so a pattern of many stars costs at most |pattern| x |text| steps, never the exponential
 * time a regular expression with one {@code .*} per star can take on a text that does not match.
 */
final class Glob {
    private final int[] pattern;

    Glob(String pattern) {
        this.pattern = collapseStars(pattern.codePoints().toArray());
    }

    boolean matches(String text) {
        int[] t = text.codePoints().toArray();
        int p = 0;
        int i = 0;
        int star = -1;
        int resume = 0;
        while (i < t.length) {
            if (p < pattern.length && pattern[p] != '*' && (pattern[p] == '?' || same(pattern[p], t[i]))) {
                p++;
                i++;
            } else if (p < pattern.length && pattern[p] == '*') {
                star = p++;
                resume = i;
            } else if (star >= 0) {
                p = star + 1;
                i = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length && pattern[p] == '*') {
            p++;
        }
        return p == pattern.length;
    }

    private static boolean same(int a, int b) {
        return a == b || Character.toUpperCase(a) == Character.toUpperCase(b)
                || Character.toLowerCase(a) == Character.toLowerCase(b);
    }

    /** {@code **} means what {@code *} means; one star per run keeps the work small. */
    private static int[] collapseStars(int[] p) {
        int n = 0;
        int[] out = new int[p.length];
        for (int c : p) {
            if (c != '*' || n == 0 || out[n - 1] != '*') {
                out[n++] = c;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }
}
