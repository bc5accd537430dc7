package io.jenkins.plugins.dhcplease.engine;

import io.jenkins.plugins.dhcplease.model.LeaseException;
import io.jenkins.plugins.dhcplease.model.NetworkAdapter;
import io.jenkins.plugins.dhcplease.model.TcpConnection;
import java.util.List;
import java.util.Optional;

/**
 * The platform seam: what the OS can list and do. Implementations hold no rules (selection, preconditions,
 * waiting): those live in {@link LeaseEngine}.
 */
public interface DhcpClient {

    /**
     * Called by every run before its inventory; {@code changes} is false for a dry run. A backend refuses here a
     * request it cannot carry out at all (Linux without root: {@link LeaseException.Kind#NEEDS_ROOT}), before it has
     * looked at anything; bounds the commands of this run by {@code deadline}; and writes to {@code log} what it put
     * right on the way (a stale record it removed).
     */
    default void beginRun(Deadline deadline, boolean changes, LeaseLog log) throws LeaseException {
    }

    /**
     * Holds {@code adapter} for this run, so that two runs never act on one adapter at once; waits for another run
     * no longer than {@code deadline}. Not OK: why not (naming the other run), and nothing was changed.
     */
    default OperationResult claim(NetworkAdapter adapter, Deadline deadline) throws InterruptedException {
        return OperationResult.OK;
    }

    /** Lets go of an adapter {@link #claim claimed}. */
    default void unclaim(NetworkAdapter adapter) {
    }

    /** Every adapter the OS knows, loopback excluded. */
    List<NetworkAdapter> adapters() throws LeaseException;

    /**
     * The adapter with this id as it is now, or empty when it is gone. The engine polls this while it waits for an
     * effect, so a backend should read only that adapter (and its client's lease), not the whole machine.
     */
    default Optional<NetworkAdapter> adapter(String id) throws LeaseException {
        return adapters().stream().filter(a -> a.id().equals(id)).findFirst();
    }

    /**
     * The established TCP connections (IPv4 and IPv6) owned by process {@code pid}: the adapters holding their local
     * addresses carry that process's connections (the agent's channel among them).
     *
     * @throws LeaseException {@link LeaseException.Kind#UNSUPPORTED} when this backend cannot tell
     */
    default List<TcpConnection> connectionsOf(long pid) throws LeaseException {
        throw new LeaseException(LeaseException.Kind.UNSUPPORTED, "this backend cannot list the connections of a process");
    }

    /**
     * Releases the adapter's DHCPv4 lease. May block (Windows: inside IpReleaseAddress); the engine calls it on a
     * thread of its own and stops waiting at {@code deadline}. Implementations that run processes stop them there.
     */
    OperationResult release(NetworkAdapter adapter, Deadline deadline) throws InterruptedException;

    /** Renews (or, after a release, re-acquires) the adapter's DHCPv4 lease. Same threading as {@link #release}. */
    OperationResult renew(NetworkAdapter adapter, Deadline deadline) throws InterruptedException;

    /**
     * True when a successful {@link #renew} return means the new lease is in place (Windows IpRenewAddress).
     * Otherwise the engine confirms a renew by a changed {@link NetworkAdapter#leaseObtained()}.
     */
    default boolean renewConfirmedOnReturn() {
        return false;
    }

    /**
     * True when renewing this adapter stops its DHCP client and starts it again (a restart-style renew), dropping the
     * address for a moment: for the safety rules such a renew counts as a release.
     */
    default boolean renewInterruptsAddress(NetworkAdapter adapter) {
        return false;
    }
}
