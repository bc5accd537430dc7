package io.jenkins.plugins.dhcplease.model;

public enum LeaseAction {
    RELEASE("release"),
    RENEW("renew"),
    RELEASE_THEN_RENEW("release-then-renew");

    private final String word;

    LeaseAction(String word) {
        this.word = word;
    }

    /** The word used in logs, reports and JSON. */
    public String word() {
        return word;
    }

    public boolean releases() {
        return this != RENEW;
    }

    public boolean renews() {
        return this != RELEASE;
    }

    public static LeaseAction fromWord(String word) {
        for (LeaseAction a : values()) {
            if (a.word.equals(word)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown action '" + word + "'");
    }
}
