package io.trunkroute.bench;

import io.trunkroute.rules.deck.DeckImportException;
import io.trunkroute.rules.deck.RateDeck;
import io.trunkroute.rules.deck.RateDeckBuilder;
import io.trunkroute.rules.deck.Tariff;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Benchmark decks: 10 trunks x 100,000 prefixes = 1,000,000 prefixes, shaped like real decks —
 * country codes, then ever longer prefixes nested under them (length 4 to 11), a few dozen
 * distinct tariffs and a few thousand destination names per deck, no validity periods — and
 * numbers to look up, half of them under a deck prefix.
 */
final class SyntheticDecks {

    static final int TRUNKS = 10;
    static final int PREFIXES_PER_TRUNK = 100_000;
    static final String[] COUNTRIES = {"7", "1", "44", "49", "33", "39", "34", "86", "91", "81", "55", "380", "375", "998"};

    private SyntheticDecks() {
    }

    /** The prefixes of one deck, as digit strings (deterministic per seed). */
    static List<String> prefixes(long seed, int count) {
        SplittableRandom r = new SplittableRandom(seed);
        List<String> out = new ArrayList<>(count);
        java.util.HashSet<String> seen = new java.util.HashSet<>(count * 2);
        for (String cc : COUNTRIES) {
            if (seen.add(cc)) {
                out.add(cc);
            }
        }
        while (out.size() < count) {
            String cc = COUNTRIES[r.nextInt(COUNTRIES.length)];
            int extra = 3 + r.nextInt(8 - cc.length() + 1 + 3);
            StringBuilder p = new StringBuilder(cc);
            for (int i = 0; i < extra; i++) {
                p.append((char) ('0' + r.nextInt(10)));
            }
            if (seen.add(p.toString())) {
                out.add(p.toString());
            }
        }
        return out;
    }

    static RateDeck deck(int trunk) throws DeckImportException {
        Random r = new Random(trunk);
        Tariff[] tariffs = new Tariff[40];
        for (int i = 0; i < tariffs.length; i++) {
            tariffs[i] = new Tariff(BigDecimal.valueOf(5 + r.nextInt(500), 2), BigDecimal.ZERO, 60, 60);
        }
        RateDeckBuilder b = new RateDeckBuilder("deck-" + trunk, "RUB");
        int line = 2;
        for (String p : prefixes(trunk * 7919L, PREFIXES_PER_TRUNK)) {
            // A destination per country and 2-digit area (a few thousand names per deck, as A-Z decks have).
            b.add(p, "dest-" + p.substring(0, Math.min(4, p.length())), tariffs[r.nextInt(tariffs.length)], null, null,
                    line++);
        }
        return b.build("deck-" + trunk + ".csv");
    }

    /**
     * E.164 digit strings (without +) to look up, 11-12 digits: half extend a prefix of the decks
     * (long, nested matches), half are random under a country code (short matches).
     */
    static String[] numbers(int count) {
        SplittableRandom r = new SplittableRandom(42);
        List<String> known = prefixes(0, PREFIXES_PER_TRUNK);
        String[] out = new String[count];
        for (int i = 0; i < count; i++) {
            StringBuilder n = new StringBuilder(r.nextBoolean() ? known.get(r.nextInt(known.size()))
                    : COUNTRIES[r.nextInt(COUNTRIES.length)]);
            int length = Math.max(n.length() + 1, 11 + r.nextInt(2));
            while (n.length() < length) {
                n.append((char) ('0' + r.nextInt(10)));
            }
            out[i] = n.toString();
        }
        return out;
    }
}
