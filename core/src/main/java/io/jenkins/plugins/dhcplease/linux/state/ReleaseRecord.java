package io.jenkins.plugins.dhcplease.linux.state;

import io.jenkins.plugins.dhcplease.linux.detect.ClientKind;
import java.time.Instant;
import java.util.List;

/**
 * What a release remembered about a client it stopped ({@code dhclient -r}, {@code dhcpcd -k}), so that a later,
 * separate renew starts the same client again with the same arguments.
 *
 * @param netns the namespace the client ran in ({@code net:[4026531840]}): a record from another one is ignored
 */
public record ReleaseRecord(ClientKind kind, List<String> argv, String netns, Instant releasedAt) {

    public ReleaseRecord {
        argv = List.copyOf(argv);
    }
}
