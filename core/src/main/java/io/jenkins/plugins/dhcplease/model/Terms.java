package io.jenkins.plugins.dhcplease.model;

import java.util.Locale;

/**
 * How advice names an option: each front end in its own words. A pipeline author reads {@code allAdapters: true},
 * a shell user {@code --all}. The request carries its front end's terms, so the engine's messages need no guess.
 */
public enum Terms {
    PIPELINE("allAdapters: true", "dhcpRenew(releaseFirst: true)", "allowAgentDisconnect: true"),
    CLI("--all", "renew --release-first", "--allow-agent-disconnect");

    private final String all;
    private final String releaseFirst;
    private final String allowAgentDisconnect;

    Terms(String all, String releaseFirst, String allowAgentDisconnect) {
        this.all = all;
        this.releaseFirst = releaseFirst;
        this.allowAgentDisconnect = allowAgentDisconnect;
    }

    /** Act on every match of the selector (every DHCP adapter without one). */
    public String all() {
        return all;
    }

    /** Release and renew as one operation. */
    public String releaseFirst() {
        return releaseFirst;
    }

    /** Allow a plain release of the adapter that carries the agent's connection. */
    public String allowAgentDisconnect() {
        return allowAgentDisconnect;
    }

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The terms named by {@link #word()}; the pipeline's when none is named (a request written before terms). */
    public static Terms fromWord(String word) {
        for (Terms t : values()) {
            if (t.word().equals(word)) {
                return t;
            }
        }
        return PIPELINE;
    }
}
