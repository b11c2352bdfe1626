package io.trunkroute.rules.config;

import io.trunkroute.rules.deck.RateDeck;
import java.util.List;
import java.util.Map;

/**
 * The rate decks in service and which trunk uses which (a carrier's deck may serve several of its
 * trunks). Immutable; replaced whole on reload.
 */
public record DeckSet(Map<String, RateDeck> byTrunk, List<RateDeck> decks) {

    public static final DeckSet EMPTY = new DeckSet(Map.of(), List.of());

    public DeckSet {
        byTrunk = Map.copyOf(byTrunk);
        decks = List.copyOf(decks);
    }

    public RateDeck forTrunk(String trunkId) {
        return byTrunk.get(trunkId);
    }
}
