package io.trunkroute.bench;

import io.trunkroute.rules.deck.RateDeck;
import java.lang.management.ManagementFactory;

/**
 * Retained heap per prefix entry: used heap after full GCs with 10 decks (1,000,000 prefixes)
 * held, minus before, divided by the entries. Run: bench/README.md.
 */
public final class DeckFootprint {

    private DeckFootprint() {
    }

    public static void main(String[] args) throws Exception {
        long before = usedAfterGc();
        RateDeck[] decks = new RateDeck[SyntheticDecks.TRUNKS];
        for (int t = 0; t < decks.length; t++) {
            decks[t] = SyntheticDecks.deck(t);
        }
        long after = usedAfterGc();
        long entries = 0;
        for (RateDeck d : decks) {
            entries += d.size();
        }
        System.out.printf("decks: %d, prefix entries: %d, retained heap: %.1f MiB, per entry: %.1f bytes%n",
                decks.length, entries, (after - before) / 1048576.0, (after - before) / (double) entries);
        if (decks[0].size() == 0) {
            throw new IllegalStateException("unreachable: keeps the decks alive until measured");
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
