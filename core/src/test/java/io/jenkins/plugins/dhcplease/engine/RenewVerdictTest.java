package io.jenkins.plugins.dhcplease.engine;

import static io.jenkins.plugins.dhcplease.engine.FakeDhcpClient.dhcp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.dhcplease.model.AddressOrigin;
import io.jenkins.plugins.dhcplease.model.AddressState;
import io.jenkins.plugins.dhcplease.model.Ipv4Address;
import io.jenkins.plugins.dhcplease.model.NetworkAdapter;
import io.jenkins.plugins.dhcplease.model.OutcomeStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Judging a renew from what the adapter looks like: pure, every branch. */
class RenewVerdictTest {

    private final NetworkAdapter before = dhcp("Lab", 4, "00-15-5D-00-00-04", "10.0.0.5");

    private NetworkAdapter with(Ipv4Address... addresses) {
        return new NetworkAdapter(before.id(), before.index(), before.name(), before.description(), before.mac(),
                before.type(), true, true, List.of(addresses), before.gateways(), before.dhcpServer(),
                before.leaseObtained(), before.leaseExpires(), before.manager());
    }

    @Test
    void anAsynchronousRenewCountsOnlyWithANewLease() {
        assertFalse(RenewVerdict.renewed(before, before, false), "the lease on record did not change");
        assertTrue(RenewVerdict.renewed(before, before, true), "a synchronous renew is its own proof");
        NetworkAdapter renewed = new NetworkAdapter(before.id(), before.index(), before.name(), before.description(),
                before.mac(), before.type(), true, true, before.addresses(), before.gateways(), before.dhcpServer(),
                before.leaseObtained().plusSeconds(60), before.leaseExpires().plusSeconds(60), before.manager());
        assertTrue(RenewVerdict.renewed(before, renewed, false));
    }

    @Test
    void eachWayOfNotBeingRenewedHasItsOwnCause() {
        assertEquals(OutcomeStatus.FAILED, RenewVerdict.notRenewed(before, true, null).status());
        assertTrue(RenewVerdict.notRenewed(before, true, null).message().startsWith("the adapter disappeared"));

        RenewVerdict apipa = RenewVerdict.notRenewed(with(new Ipv4Address("169.254.7.7", 16, AddressOrigin.LINK_LOCAL,
                AddressState.USABLE)), false, null);
        assertEquals(OutcomeStatus.FAILED, apipa.status());
        assertTrue(apipa.message().contains("169.254.7.7 (APIPA)"), apipa.message());

        RenewVerdict tentative = RenewVerdict.notRenewed(with(new Ipv4Address("10.0.0.9", 24, AddressOrigin.DHCP,
                AddressState.TENTATIVE)), false, null);
        assertEquals(OutcomeStatus.TIMED_OUT, tentative.status());

        RenewVerdict duplicate = RenewVerdict.notRenewed(with(new Ipv4Address("10.0.0.9", 24, AddressOrigin.DHCP,
                AddressState.OTHER)), false, null);
        assertEquals(OutcomeStatus.FAILED, duplicate.status());
        assertTrue(duplicate.message().contains("duplicate address detection failed"), duplicate.message());

        RenewVerdict silent = RenewVerdict.notRenewed(before, false, "ip failed");
        assertEquals(OutcomeStatus.TIMED_OUT, silent.status());
        assertTrue(silent.message().contains("(the lease on record did not change)")
                && silent.message().endsWith("(last inventory read: ip failed)"), silent.message());
    }
}
