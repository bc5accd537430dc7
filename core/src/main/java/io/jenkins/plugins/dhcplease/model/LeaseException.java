package io.jenkins.plugins.dhcplease.model;

/**
 * A request that was refused before anything changed on the machine, or an inventory that could not be read.
 * The message is for the user: what was wrong, what exists instead, what to do.
 */
public class LeaseException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why; the CLI gives each kind its own exit code. */
    public enum Kind {
        /** Malformed selector, bad timeout, contradictory options. */
        BAD_INPUT,
        /** The selector matched no adapter. */
        NO_MATCH,
        /** The selector matched several adapters and "all" was not asked for. */
        AMBIGUOUS,
        /** Refused for safety: it would cut the agent off the controller. */
        REFUSED,
        /** This OS, or the tool that manages the adapter, is not supported. */
        UNSUPPORTED,
        /** Changing a lease needs privileges this process lacks (Linux: root); refused before anything was looked at. */
        NEEDS_ROOT,
        /** The OS would not list its adapters. */
        INVENTORY_FAILED,
        /** The outcome of an operation that ran on the agent could not be collected (the agent JVM restarted). */
        LOST
    }

    private final Kind kind;
    private final int code;

    public LeaseException(Kind kind, String message) {
        this(kind, message, 0, null);
    }

    public LeaseException(Kind kind, String message, int code, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.code = code;
    }

    public Kind kind() {
        return kind;
    }

    /** The OS code behind an INVENTORY_FAILED, else 0. */
    public int code() {
        return code;
    }
}
