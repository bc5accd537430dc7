package io.jenkins.plugins.dhcplease.linux.state;

import io.jenkins.plugins.dhcplease.linux.detect.ClientKind;
import java.time.Instant;
import java.util.List;

/**
 * What a release remembered about a client it stopped ({@code dhclient -r}, {@code dhcpcd -k}), so that a later,
 * separate renew starts the same client again with the same arguments.
 *
 * @param netns           the namespace the client ran in ({@code net:[4026531840]}): a record from another one is
 *                        ignored
 * @param staticAddresses the interface's permanent addresses when it was released: a permanent address beyond these
 *                        means the interface was made static since, and the record no longer describes it
 */
public record ReleaseRecord(ClientKind kind, List<String> argv, String netns, Instant releasedAt,
                            List<String> staticAddresses) {

    public ReleaseRecord {
        argv = List.copyOf(argv);
        staticAddresses = List.copyOf(staticAddresses);
    }

    public ReleaseRecord(ClientKind kind, List<String> argv, String netns, Instant releasedAt) {
        this(kind, argv, netns, releasedAt, List.of());
    }

    public ReleaseRecord withStaticAddresses(List<String> addresses) {
        return new ReleaseRecord(kind, argv, netns, releasedAt, addresses);
    }
}
