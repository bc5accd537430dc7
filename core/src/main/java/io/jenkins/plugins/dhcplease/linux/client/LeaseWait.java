package io.jenkins.plugins.dhcplease.linux.client;

import io.jenkins.plugins.dhcplease.engine.Deadline;
import io.jenkins.plugins.dhcplease.linux.LinuxHost;
import io.jenkins.plugins.dhcplease.linux.detect.ClientKind;
import io.jenkins.plugins.dhcplease.linux.detect.Detection;
import io.jenkins.plugins.dhcplease.linux.detect.ManagerDetector;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The drivers' own bounded waits: for a client's lease record to change, and for a restarted daemon to appear. Both
 * read only that interface's lease record or the process table, every {@value #POLL_MILLIS} ms.
 */
final class LeaseWait {

    static final long POLL_MILLIS = 20;

    private LeaseWait() {
    }

    /** Waits until {@code lease} reports an obtained time other than {@code before}; the last lease read. */
    static Optional<LeaseInfo> changed(Supplier<LeaseInfo> lease, Instant before, Deadline deadline)
            throws InterruptedException {
        while (true) {
            LeaseInfo now = lease.get();
            if (now.obtained() != null && !Objects.equals(now.obtained(), before)) {
                return Optional.of(now);
            }
            if (deadline.remainingMillis() <= POLL_MILLIS) {
                return Optional.empty();
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /** Waits until a {@code kind} daemon other than {@code oldPid} runs for {@code ifname}. */
    static Optional<Detection> daemon(LinuxHost host, ClientKind kind, String ifname, long oldPid, Deadline deadline)
            throws InterruptedException {
        ManagerDetector detector = new ManagerDetector(host);
        while (true) {
            Optional<Detection> d = detector.detect(detector.scan(), ifname, 0, true)
                    .filter(x -> x.kind() == kind && x.running() && x.pid() != oldPid);
            if (d.isPresent() || deadline.remainingMillis() <= POLL_MILLIS) {
                return d;
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /** Waits until process {@code pid} is gone (or a zombie, which the process table does not show). */
    static boolean gone(LinuxHost host, long pid, Deadline deadline) throws InterruptedException {
        while (host.processes().process(pid).isPresent()) {
            if (deadline.remainingMillis() <= POLL_MILLIS) {
                return false;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return true;
    }

    /**
     * Sleeps (within the deadline) until the clock is past the second of {@code obtained}: clients that record whole
     * seconds (dhclient, NetworkManager) would otherwise record a lease renewed in the same second with the same
     * "obtained" time, and the renew would look like none.
     */
    static void pastTheSecondOf(Instant obtained, Deadline deadline) throws InterruptedException {
        if (obtained == null) {
            return;
        }
        long wait = (obtained.getEpochSecond() + 1) * 1000 - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(Math.min(wait, Math.max(0, deadline.remainingMillis())));
        }
    }

    /** "valid until T" for messages, or that the record does not say. */
    static String validity(LeaseInfo lease) {
        return lease.expires() == null ? "its expiry is not on record" : "valid until " + lease.expires();
    }
}
