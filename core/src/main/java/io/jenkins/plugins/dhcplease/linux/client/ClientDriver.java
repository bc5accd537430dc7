package io.jenkins.plugins.dhcplease.linux.client;

import io.jenkins.plugins.dhcplease.engine.Deadline;
import io.jenkins.plugins.dhcplease.engine.OperationResult;
import io.jenkins.plugins.dhcplease.linux.detect.Detection;

/**
 * Drives one kind of DHCP client. Holds no rules: the engine selects, checks and confirms by effect. A driver
 * reports what its commands said (exit code, stderr) and failures it can see at once; it never starts a second
 * daemon and bounds every command by the deadline.
 */
public interface ClientDriver {

    /** The lease as the client records it. */
    LeaseInfo lease(String ifname, int ifindex, Detection client);

    OperationResult release(String ifname, Detection client, Deadline deadline) throws InterruptedException;

    OperationResult renew(String ifname, Detection client, Deadline deadline) throws InterruptedException;

    /**
     * Whether {@link #renew} stops or re-activates the client on the interface (a restart-style renew: dhclient,
     * NetworkManager's re-activation) rather than asking the running client to renew. For the safety rules such a
     * renew counts as a release of the interface: its address may go while it runs.
     */
    default boolean renewInterruptsAddress() {
        return false;
    }
}
