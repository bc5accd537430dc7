package io.jenkins.plugins.dhcplease.linux.client;

import java.time.Instant;

/**
 * What a client's own records say about the current lease; every field null when unknown.
 *
 * @param obtained stable across reads; changes when a lease is (re)acquired
 */
public record LeaseInfo(String server, Instant obtained, Instant expires) {
    public static final LeaseInfo NONE = new LeaseInfo(null, null, null);
}
