package io.trunkroute.rules.deck;

/**
 * What a deck says about one number: the longest prefix valid on the call's date, its
 * destination name and its tariff.
 */
public record RateMatch(String deckId, String prefix, String destination, Tariff tariff, String currency) {
}
