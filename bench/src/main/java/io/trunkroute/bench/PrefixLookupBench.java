package io.trunkroute.bench;

import io.trunkroute.rules.deck.RateDeck;
import io.trunkroute.rules.deck.RateMatch;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Longest-prefix match in one deck of a 1,000,000-prefix set (10 trunks x 100,000): p50/p99; and one
 *  number matched in all ten decks, at once and one deck after the other. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PrefixLookupBench {

    /** 64k numbers: a switch's working set of recently dialled numbers, not a cache-miss generator. */
    private static final int MASK = (1 << 16) - 1;

    private RateDeck[] decks;
    private String[] numbers;
    private long day;
    private LocalDate date;
    private int next;

    @Setup
    public void build() throws Exception {
        decks = new RateDeck[SyntheticDecks.TRUNKS];
        for (int t = 0; t < decks.length; t++) {
            decks[t] = SyntheticDecks.deck(t);
        }
        numbers = SyntheticDecks.numbers(MASK + 1);
        date = LocalDate.of(2026, 11, 24);
        day = date.toEpochDay();
    }

    /** One number in all 10 decks at once, as a decision looks it up ({@link RateDeck#matchAll}). */
    @Benchmark
    public RateMatch[] matchAllDecks() {
        return RateDeck.matchAll(decks, numbers[next++ & MASK], date);
    }

    /** The same, one deck after the other. */
    @Benchmark
    public RateMatch[] matchEachDeck() {
        String number = numbers[next++ & MASK];
        RateMatch[] out = new RateMatch[decks.length];
        for (int d = 0; d < decks.length; d++) {
            out[d] = decks[d].match(number, date);
        }
        return out;
    }

    @Benchmark
    public int lookup() {
        int i = next++;
        return decks[i % decks.length].lookupRow(numbers[i & MASK], day);
    }
}
