package io.jenkins.plugins.dhcplease.engine;

import java.time.Duration;

/** A point in monotonic time that every wait of one request is bounded by. */
public final class Deadline {
    private final long endNanos;

    private Deadline(long endNanos) {
        this.endNanos = endNanos;
    }

    public static Deadline after(Duration d) {
        return new Deadline(System.nanoTime() + d.toNanos());
    }

    public long remainingMillis() {
        return Math.max(0, (endNanos - System.nanoTime()) / 1_000_000);
    }

    public boolean expired() {
        return endNanos - System.nanoTime() <= 0;
    }
}
