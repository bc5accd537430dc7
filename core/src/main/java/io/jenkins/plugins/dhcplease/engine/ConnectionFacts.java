package io.jenkins.plugins.dhcplease.engine;

import io.jenkins.plugins.dhcplease.model.NetworkAdapter;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which adapters carry the connection this machine must keep, and how that is known; or why it cannot be told.
 *
 * @param adapterIds the adapters holding a local address of that connection
 * @param known      false when it cannot be told: then a release that could cut the connection is refused
 * @param evidence   how it was found (the connection, a route) or, when unknown, why not; shown in messages
 */
public record ConnectionFacts(Set<String> adapterIds, boolean known, String evidence) {

    public ConnectionFacts {
        adapterIds = Set.copyOf(adapterIds);
    }

    /** Nothing to protect. */
    public static ConnectionFacts none() {
        return new ConnectionFacts(Set.of(), true, "no agent connection to protect");
    }

    public static ConnectionFacts unknown(String why) {
        return new ConnectionFacts(Set.of(), false, why);
    }

    /** The adapters of {@code inventory} that hold one of {@code localAddresses}. */
    public static ConnectionFacts carriedBy(List<NetworkAdapter> inventory, Set<String> localAddresses, String evidence) {
        Set<String> ids = inventory.stream()
                .filter(a -> a.addresses().stream().anyMatch(ad -> localAddresses.contains(ad.address())))
                .map(NetworkAdapter::id)
                .collect(Collectors.toUnmodifiableSet());
        return new ConnectionFacts(ids, true, evidence);
    }

    public boolean carries(NetworkAdapter a) {
        return adapterIds.contains(a.id());
    }
}
