package io.trunkroute.rules.config;

import io.trunkroute.rules.policy.Policy;
import java.time.Instant;

/** Decks and policy in service together: a decision reads one snapshot from start to end. */
public record RoutingSnapshot(DeckSet decks, Policy policy, Instant loadedAt) {

    public static RoutingSnapshot empty() {
        return new RoutingSnapshot(DeckSet.EMPTY, Policy.empty(), Instant.now());
    }
}
