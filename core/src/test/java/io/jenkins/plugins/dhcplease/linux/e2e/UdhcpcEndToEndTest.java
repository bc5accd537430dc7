package io.jenkins.plugins.dhcplease.linux.e2e;

import io.jenkins.plugins.dhcplease.linux.detect.ClientKind;

/** The end-to-end cases with {@code udhcpc} managing the lab interface. */
class UdhcpcEndToEndTest extends LeaseEndToEndTest {
    @Override
    ClientKind client() {
        return ClientKind.UDHCPC;
    }
}
