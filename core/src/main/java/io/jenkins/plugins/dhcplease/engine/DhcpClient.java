package io.jenkins.plugins.dhcplease.engine;

import io.jenkins.plugins.dhcplease.model.NetworkAdapter;
import java.util.List;

/**
 * The platform seam: what the OS can list and do. Implementations hold no rules (selection, preconditions,
 * waiting): those live in {@link LeaseEngine}.
 */
public interface DhcpClient {

    /** Every adapter the OS knows, loopback excluded. */
    List<NetworkAdapter> adapters() throws LeaseException;

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
}
