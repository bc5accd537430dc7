package io.jenkins.plugins.dhcplease.model;

/** What happened to one adapter. */
public enum OutcomeStatus {
    RELEASED("released", true),
    RENEWED("renewed", true),
    /** A precondition failed (static, down): nothing was done to this adapter. */
    SKIPPED("skipped", true),
    DRY_RUN("dry run", true),
    FAILED("failed", false),
    /** The deadline passed; the OS may still be working on it. */
    TIMED_OUT("timed out", false);

    private final String word;
    private final boolean ok;

    OutcomeStatus(String word, boolean ok) {
        this.word = word;
        this.ok = ok;
    }

    public String word() {
        return word;
    }

    /** False for the statuses that fail a step or give the CLI a non-zero exit. */
    public boolean ok() {
        return ok;
    }

    public static OutcomeStatus fromWord(String word) {
        for (OutcomeStatus s : values()) {
            if (s.word.equals(word)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown status '" + word + "'");
    }
}
