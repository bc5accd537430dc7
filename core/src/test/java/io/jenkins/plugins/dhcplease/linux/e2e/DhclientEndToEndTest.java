package io.jenkins.plugins.dhcplease.linux.e2e;

import io.jenkins.plugins.dhcplease.linux.testbed.LabClient;

/** The end-to-end cases with {@code dhclient} managing the lab interface. */
class DhclientEndToEndTest extends LeaseEndToEndTest {
    @Override
    LabClient client() {
        return LabClient.DHCLIENT;
    }
}
