package io.jenkins.plugins.dhcplease.linux.e2e;

import io.jenkins.plugins.dhcplease.linux.detect.ClientKind;

/** The end-to-end cases with {@code dhcpcd} managing the lab interface. */
class DhcpcdEndToEndTest extends LeaseEndToEndTest {
    @Override
    ClientKind client() {
        return ClientKind.DHCPCD;
    }
}
