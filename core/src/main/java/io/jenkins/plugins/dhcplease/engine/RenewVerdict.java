package io.jenkins.plugins.dhcplease.engine;

import io.jenkins.plugins.dhcplease.model.AddressOrigin;
import io.jenkins.plugins.dhcplease.model.AddressState;
import io.jenkins.plugins.dhcplease.model.Ipv4Address;
import io.jenkins.plugins.dhcplease.model.NetworkAdapter;
import io.jenkins.plugins.dhcplease.model.OutcomeStatus;
import java.util.Optional;

/**
 * Judges a renew from what the adapter looks like (pure): renewed, or why not. Only the DHCP address counts: a static
 * address still in duplicate address detection is not the answer.
 *
 * @param message null when renewed
 */
public record RenewVerdict(OutcomeStatus status, String message) {

    /** A usable DHCP address, and proof that it comes from this renew rather than the lease before it. */
    public static boolean renewed(NetworkAdapter before, NetworkAdapter now, boolean confirmedOnReturn) {
        if (now.usableDhcpAddress().isEmpty()) {
            return false;
        }
        if (confirmedOnReturn || before.leaseObtained() == null || now.leaseObtained() == null) {
            return true;
        }
        return !before.leaseObtained().equals(now.leaseObtained());
    }

    /** After a synchronous renew returned (Windows): an APIPA address is the final answer, not a step on the way. */
    public static boolean settledOnApipa(NetworkAdapter now) {
        return now.usableDhcpAddress().isEmpty() && now.addresses().stream().anyMatch(Ipv4Address::isLinkLocal);
    }

    /**
     * Why a renew that was waited for did not end renewed.
     *
     * @param last      the adapter as last seen
     * @param gone      true when the adapter was no longer in the inventory at the last look
     * @param readError the last inventory error, or null
     */
    public static RenewVerdict notRenewed(NetworkAdapter last, boolean gone, String readError) {
        if (gone) {
            return new RenewVerdict(OutcomeStatus.FAILED, "the adapter disappeared while renewing (removed, renamed or"
                    + " its driver reset); check that it exists (dry run, CLI: adapters), then renew again");
        }
        Optional<Ipv4Address> apipa = last.addresses().stream().filter(Ipv4Address::isLinkLocal).findFirst();
        if (apipa.isPresent() && last.usableDhcpAddress().isEmpty()) {
            return new RenewVerdict(OutcomeStatus.FAILED, "the adapter got only the link-local address "
                    + apipa.get().address() + " (APIPA): no DHCP server answered. Check that the DHCP server is up and"
                    + " reachable from this adapter's network, then renew again");
        }
        Optional<Ipv4Address> unusable = last.addresses().stream()
                .filter(a -> a.origin() == AddressOrigin.DHCP && a.state() != AddressState.USABLE).findFirst();
        if (unusable.isPresent() && unusable.get().state() == AddressState.TENTATIVE) {
            return new RenewVerdict(OutcomeStatus.TIMED_OUT, "the address " + unusable.get().address() + " is still"
                    + " tentative at the deadline (duplicate address detection); it may become usable shortly");
        }
        if (unusable.isPresent()) {
            return new RenewVerdict(OutcomeStatus.FAILED, "the DHCP address " + unusable.get().address() + " is not"
                    + " usable: duplicate address detection failed (another host uses it) or the OS marked it invalid."
                    + " Find the other host (arp, the DHCP server's log) or fix the server's scope, then renew again");
        }
        return new RenewVerdict(OutcomeStatus.TIMED_OUT, "no usable DHCP address by the deadline"
                + (last.usableDhcpAddress().isPresent() ? " (the lease on record did not change)" : "")
                + ": the DHCP server has not answered. Check that it is reachable, or raise the timeout"
                + (readError == null ? "" : " (last inventory read: " + readError + ")"));
    }
}
