package io.jenkins.plugins.dhcplease.cli;

import io.jenkins.plugins.dhcplease.engine.LeaseLog;
import io.jenkins.plugins.dhcplease.model.LeaseAction;
import io.jenkins.plugins.dhcplease.model.LeaseRequest;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What Ctrl-C (SIGINT, SIGTERM: the JVM's shutdown) does while a release or renew runs. The JVM keeps the command's
 * threads running while shutdown hooks run, so the hook decides how the command ends:
 * <ul>
 * <li>before anything was sent to the OS: it says so and the JVM exits at once;</li>
 * <li>during a release-then-renew: it lets the operation finish (bounded by the request's deadline), so the adapter
 * is not left released, and the outcome line is printed as usual;</li>
 * <li>during a plain release or renew: it says what was under way and which command shows or repairs the state.</li>
 * </ul>
 * The JVM then exits with the signal's status (130 for SIGINT, 143 for SIGTERM).
 */
final class InterruptGuard implements AutoCloseable {
    /** Beyond the deadline: the engine's own grace for workers, and time to print. */
    private static final long GRACE_MILLIS = 3_000;

    private final LeaseRequest request;
    private final String retry;
    private final PrintWriter err;
    private final long deadlineNanos;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook = new Thread(this::onShutdown, "dhcp-lease interrupt");
    private volatile String underWay;
    private volatile boolean done;

    /** @param selectorArgs the selector options as the user can type them again, e.g. {@code --adapter 'Ethernet 2'} */
    InterruptGuard(LeaseRequest request, String selectorArgs, PrintWriter err) {
        this.request = request;
        this.retry = selectorArgs;
        this.err = err;
        this.deadlineNanos = System.nanoTime() + request.timeoutMillis() * 1_000_000;
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The engine's progress log, watched: a progress line means a call to the OS is under way. */
    LeaseLog watch(LeaseLog log) {
        return line -> {
            underWay = line.endsWith(" …") ? line.substring(0, line.length() - 2) : line;
            log.line(line);
        };
    }

    /** The command has printed its outcome (or its error): an interrupt from now on changes nothing. */
    @Override
    public void close() {
        done = true;
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running and waits for this very latch
        }
    }

    private void onShutdown() {
        if (done) {
            return;
        }
        String now = underWay;
        if (now == null) {
            say("interrupted before anything was sent to the OS; nothing was changed.");
            return;
        }
        if (request.action() == LeaseAction.RELEASE_THEN_RENEW && !request.dryRun()) {
            long waitMillis = Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000) + GRACE_MILLIS;
            say("interrupted during a release-then-renew (" + now + "): finishing the renew first, so that the adapter"
                    + " is not left without a lease (at most " + (waitMillis + 999) / 1000 + " s) …");
            if (await(waitMillis)) {
                say("interrupted, but the release-then-renew was completed: its outcome is above.");
            } else {
                say("interrupted, and the renew did not end by the deadline: the adapter may have no DHCP address."
                        + " See its state with: dhcp-lease adapters. Renew it with: dhcp-lease renew " + retry);
            }
            return;
        }
        say("interrupted while this was under way: " + now + (request.action() == LeaseAction.RELEASE
                ? ". The OS may still complete the release. See the adapter's state with: dhcp-lease adapters. If it has"
                + " no address, get one with: dhcp-lease renew "
                : ". The OS may still complete the renew. See the adapter's state with: dhcp-lease adapters. If it has"
                + " no usable address, renew it again with: dhcp-lease renew ") + retry);
    }

    private boolean await(long millis) {
        try {
            return finished.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void say(String message) {
        err.println("dhcp-lease: " + message);
        err.flush();
    }

    /** The selector part of a command line that names the same adapters again, quoted for a POSIX shell. */
    static String selectorArgs(String adapter, boolean all) {
        String sel = adapter == null || adapter.isBlank() ? "" : "--adapter '" + adapter.trim().replace("'", "'\\''") + "'";
        return all ? (sel.isEmpty() ? "--all" : sel + " --all") : sel;
    }
}
