package io.jenkins.plugins.dhcplease.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one check after a renew found: {@code expect} or a {@code verify} check.
 *
 * @param check  the check as the user wrote it: {@code expect 10.20.0.0/24}, {@code gateway}, {@code tcp:H:P}
 * @param detail what was tried and what came back, e.g. {@code 10.20.0.1:53 refused the connection from 10.20.0.15}
 */
public record CheckResult(String check, Result result, long millis, String detail) {

    public enum Result {
        PASSED("passed"), FAILED("failed"), TIMED_OUT("timed out");

        private final String word;

        Result(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }

        static Result fromWord(String w) {
            for (Result r : values()) {
                if (r.word.equals(w)) {
                    return r;
                }
            }
            throw new IllegalArgumentException("unknown check result '" + w + "'");
        }
    }

    public CheckResult {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(result, "result");
    }

    public boolean passed() {
        return result == Result.PASSED;
    }

    /** {@code gateway passed (3 ms)}: how a check appears on the outcome line. */
    public String brief() {
        return check + " " + result.word() + " (" + millis + " ms)";
    }

    public Map<String, Object> toPlain() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("check", check);
        m.put("result", result.word());
        m.put("millis", millis);
        m.put("detail", detail);
        return m;
    }

    public static CheckResult fromPlain(Map<String, ?> m) {
        return new CheckResult((String) m.get("check"), Result.fromWord((String) m.get("result")),
                ((Number) m.get("millis")).longValue(), (String) m.get("detail"));
    }
}
