package io.jenkins.plugins.dhcplease.model;

import java.util.List;

/**
 * A request's {@code expect} and {@code verify}, parsed and judged against the rest of the request: what runs once a
 * renew has a usable address. Refused (nothing changed) when a value is malformed or the request cannot use it.
 *
 * @param expect null when any address will do
 * @param verify empty when nothing is checked
 */
public record RenewChecks(AddressRange expect, List<AddressCheck> verify) {

    public static final RenewChecks NONE = new RenewChecks(null, List.of());

    public RenewChecks {
        verify = List.copyOf(verify);
    }

    public static RenewChecks of(LeaseRequest request) throws LeaseException {
        AddressRange expect = request.expect() == null ? null : AddressRange.parse(request.expect());
        List<AddressCheck> verify = AddressCheck.parseAll(request.verify());
        RenewChecks checks = new RenewChecks(expect, verify);
        if (checks.none()) {
            return NONE;
        }
        if (!request.action().renews()) {
            throw new LeaseException(LeaseException.Kind.BAD_INPUT, "expect and verify check a renewed address, and a"
                    + " release leaves none; use them with dhcpRenew (CLI: renew). Nothing was changed.");
        }
        if (!request.waitForAddress() && !request.dryRun()) {
            throw new LeaseException(LeaseException.Kind.BAD_INPUT, "expect and verify need the renewed address,"
                    + " which is only known when waiting for it; drop waitForAddress: false (CLI: --no-wait)."
                    + " Nothing was changed.");
        }
        return checks;
    }

    public boolean none() {
        return expect == null && verify.isEmpty();
    }
}
