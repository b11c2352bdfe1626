package io.trunkroute.rules.deck;

import java.time.LocalDate;

/**
 * An immutable rate deck answering longest-prefix matches without per-entry objects.
 *
 * <p>Every prefix is a range of the E.164 digit space ({@code 7495} covers every number starting
 * 7495); nested ranges are flattened into disjoint segments, each pointing at its innermost
 * prefix's first row. Segment starts are kept in units of the deck's longest prefix length (a deck
 * whose prefixes have at most 11 digits needs 37 bits for a start), which leaves room in the same
 * 64-bit word for the segment's row and that row's prefix length.
 *
 * <p>A lookup finds the segments near the number through a two-level radix index on the key's
 * bits (the top bits pick a table whose depth fits how many segments start under them, so a deck
 * crowded under a few country codes still lands on one or two segments), binary searches them,
 * and in the usual case (no validity periods, number at least as long as the prefix) answers from
 * the segment word it stopped on: two cache misses for a million prefixes, where a plain binary
 * search takes ~20 dependent probes. Otherwise it walks {@code rowLink}: the same prefix's rows for
 * other validity periods, then the enclosing prefix's, until a row is valid on the call's date and
 * no longer than the number.
 *
 * <p>Built off to the side by {@link RateDeckBuilder} and published by replacing a reference, so
 * no lookup ever sees half a deck.
 */
public final class RateDeck {

    static final int MAX_DIGITS = 15;
    static final long[] POW10 = new long[MAX_DIGITS + 1];
    /** Top key bits choosing a second-level table (1,024 tables, 8 KB: stays in cache). */
    private static final int TOP_BITS = 10;
    /** Segments per second-level slot, on average at most. One slot per segment (an int, ~8 bytes
     *  per prefix) measured best against 2, 4 and 16 in PrefixLookupBench: on a VM whose DRAM is
     *  ~190 ns away a lookup is two misses (slot, segment), and wider slots add a third. */
    private static final int SEGMENTS_PER_SLOT = 1;

    static {
        POW10[0] = 1;
        for (int i = 1; i <= MAX_DIGITS; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    private final String id;
    private final String currency;
    /** Digits a segment start is kept to: the deck's longest prefix (every start is a multiple of
     *  10^(15 - keyDigits)). */
    private final int keyDigits;
    /** Per segment, ascending: start (in keyDigits units) shifted left by rowBits, or'ed with the
     *  packed row when the row fits ({@code segmentRow == null}). */
    private final long[] segmentKey;
    private final int rowBits;
    private final long rowMask;
    /** Per segment when rows do not fit in segmentKey (decks with very long prefixes or huge row
     *  counts): the packed row. Null otherwise. */
    private final int[] segmentRow;
    /** Radix index: per top-bits value, (offset into {@code slotFirst}) << 6 | depth in bits; per
     *  slot the first segment starting in it (each table has 2^depth + 1 entries, the last one
     *  closing the range). */
    private final int topShift;
    private final long[] topTable;
    private final int[] slotFirst;
    /** Per row: next row to try (low 32 bits, -1 = none) and the prefix length (bits 32-39), in one
     *  word so the lookup walk touches one array. */
    private final long[] rowLink;
    private final int[] rowTariff;
    private final int[] rowDestination;
    /** Validity as epoch days; null when no row of the deck has a validity period. */
    private final int[] rowFrom;
    private final int[] rowTill;
    private final Tariff[] tariffs;
    private final String[] destinations;

    /**
     * @param segmentStart ascending 15-digit starts of the disjoint segments, the first one 0
     * @param segmentRow   per segment its innermost row, -1 when no prefix covers it
     */
    RateDeck(String id, String currency, long[] segmentStart, int[] segmentRow, byte[] rowLength,
             int[] rowTariff, int[] rowDestination, int[] rowFrom, int[] rowTill, int[] rowNext, Tariff[] tariffs,
             String[] destinations) {
        this.id = id;
        this.currency = currency;
        if (rowLength.length >= 1 << 27) {
            throw new IllegalArgumentException("a deck holds at most " + (1 << 27) + " rows, this one " + rowLength.length);
        }
        this.rowLink = new long[rowLength.length];
        boolean dated = false;
        int longest = 1;
        for (int r = 0; r < rowLength.length; r++) {
            rowLink[r] = ((long) rowLength[r] << 32) | (rowNext[r] & 0xFFFFFFFFL);
            dated |= rowFrom[r] != Integer.MIN_VALUE || rowTill[r] != Integer.MAX_VALUE;
            longest = Math.max(longest, rowLength[r]);
        }
        this.rowTariff = rowTariff;
        this.rowDestination = rowDestination;
        this.rowFrom = dated ? rowFrom : null;
        this.rowTill = dated ? rowTill : null;
        this.tariffs = tariffs;
        this.destinations = destinations;

        this.keyDigits = longest;
        long unit = POW10[MAX_DIGITS - keyDigits];
        int startBits = 64 - Long.numberOfLeadingZeros(POW10[keyDigits] - 1);
        int bits = 63 - startBits; // the sign bit stays clear, so packed words compare as plain longs
        boolean packs = bits >= 5 && ((long) rowLength.length << 4) < (1L << bits) - 1;
        this.rowBits = packs ? bits : 0;
        this.rowMask = packs ? (1L << bits) - 1 : 0;
        long[] scaled = new long[segmentStart.length];
        for (int k = 0; k < scaled.length; k++) {
            scaled[k] = segmentStart[k] / unit;
        }
        this.segmentKey = new long[segmentStart.length];
        this.segmentRow = packs ? null : new int[segmentStart.length];
        for (int s = 0; s < segmentStart.length; s++) {
            int row = segmentRow[s];
            int packedRow = row < 0 ? -1 : row << 4 | rowLength[row];
            if (packs) {
                segmentKey[s] = scaled[s] << rowBits | (packedRow < 0 ? rowMask : packedRow);
            } else {
                segmentKey[s] = scaled[s];
                this.segmentRow[s] = packedRow;
            }
        }

        int topBits = Math.min(TOP_BITS, startBits);
        this.topShift = startBits - topBits;
        this.topTable = new long[1 << topBits];
        int[] counts = new int[topTable.length];
        for (long start : scaled) {
            counts[(int) (start >>> topShift)]++;
        }
        int slots = 0;
        for (int t = 0; t < topTable.length; t++) {
            int depth = Math.min(topShift, 31 - Integer.numberOfLeadingZeros(Math.max(1, counts[t] / SEGMENTS_PER_SLOT)));
            topTable[t] = (long) slots << 6 | depth;
            slots += (1 << depth) + 1;
        }
        this.slotFirst = new int[slots];
        int seg = 0;
        for (int t = 0; t < topTable.length; t++) {
            int depth = (int) (topTable[t] & 63);
            int base = (int) (topTable[t] >>> 6);
            for (int j = 0; j <= 1 << depth; j++) {
                long slotStart = ((long) t << topShift) + ((long) j << (topShift - depth));
                while (seg < scaled.length && scaled[seg] < slotStart) {
                    seg++;
                }
                slotFirst[base + j] = seg;
            }
        }
    }

    public String id() {
        return id;
    }

    public String currency() {
        return currency;
    }

    /** Number of rows (prefix x validity period). */
    public int size() {
        return rowLink.length;
    }

    /**
     * The longest prefix of {@code digits} (E.164 without '+') valid on {@code date}, or null when
     * the deck has no rate for the number that day.
     */
    public RateMatch match(String digits, LocalDate date) {
        int row = lookupRow(digits, date.toEpochDay());
        if (row < 0) {
            return null;
        }
        return matchOf(row, digits, rowTariff[row], rowDestination[row]);
    }

    /** The match for a found row; its tariff and destination indexes are passed in because
     *  {@link #matchAll} loads them in a stage of their own. */
    private RateMatch matchOf(int row, String digits, int tariff, int destination) {
        // The matched prefix is the number's first digits (a row longer than the number never
        // matches), so it is cut from the number rather than rebuilt from the stored value.
        return new RateMatch(id, digits.substring(0, (int) (rowLink[row] >>> 32)), destinations[destination],
                tariffs[tariff], currency);
    }

    /**
     * Looks one number up in several decks (a tenant's trunks), {@code null} where a deck is null
     * or has no rate. Works in stages across all decks: find every deck's slot, then load every
     * deck's segment words, then search, then load the rows' tariff and destination. The cache
     * misses of one stage are independent of each other, so the CPU overlaps them and ten decks
     * cost little more than one, where ten {@link #match} calls would queue ~40 misses.
     */
    public static RateMatch[] matchAll(RateDeck[] decks, String digits, LocalDate date) {
        int count = decks.length;
        RateMatch[] out = new RateMatch[count];
        int n = digits.length();
        if (n == 0 || n > MAX_DIGITS) {
            return out;
        }
        long[] head = new long[n + 1]; // head[i] = value of the first i digits
        for (int i = 0; i < n; i++) {
            int d = digits.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return out;
            }
            head[i + 1] = head[i] * 10 + d;
        }
        long[] keys = new long[count];
        int[] lo = new int[count];
        int[] hi = new int[count];
        for (int k = 0; k < count; k++) {
            RateDeck deck = decks[k];
            if (deck != null) {
                int significant = Math.min(n, deck.keyDigits);
                keys[k] = head[significant] * POW10[deck.keyDigits - significant];
                int slot = deck.slotOf(keys[k]);
                lo[k] = deck.slotFirst[slot];
                hi[k] = deck.slotFirst[slot + 1];
            }
        }
        long[] last = new long[count]; // each slot's last segment word, loaded for all decks at once
        for (int k = 0; k < count; k++) {
            if (decks[k] != null) {
                last[k] = decks[k].segmentKey[hi[k] - 1];
            }
        }
        int epochDay = (int) date.toEpochDay();
        int[] rows = new int[count];
        for (int k = 0; k < count; k++) {
            RateDeck deck = decks[k];
            rows[k] = deck == null ? -1 : deck.rowOf(deck.segmentIn(keys[k], lo[k], hi[k] - 1, last[k]), n, epochDay);
        }
        int[] tariff = new int[count];
        int[] destination = new int[count];
        for (int k = 0; k < count; k++) {
            if (rows[k] >= 0) {
                tariff[k] = decks[k].rowTariff[rows[k]];
                destination[k] = decks[k].rowDestination[rows[k]];
            }
        }
        for (int k = 0; k < count; k++) {
            if (rows[k] >= 0) {
                out[k] = decks[k].matchOf(rows[k], digits, tariff[k], destination[k]);
            }
        }
        return out;
    }

    /** Hot path: the matching row, or -1. {@code digits} must be 1..15 ASCII digits. */
    public int lookupRow(String digits, long epochDay) {
        int n = digits.length();
        if (n == 0 || n > MAX_DIGITS) {
            return -1;
        }
        // The number's first keyDigits digits, padded with zeros, are its key: digits beyond them
        // cannot change which prefix matches, but must still be digits.
        int significant = Math.min(n, keyDigits);
        long key = 0;
        for (int i = 0; i < n; i++) {
            int d = digits.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            if (i < significant) {
                key = key * 10 + d;
            }
        }
        return lookupRow(key * POW10[keyDigits - significant], n, (int) epochDay);
    }

    private int lookupRow(long key, int numberLength, int epochDay) {
        int slot = slotOf(key);
        int hi = slotFirst[slot + 1] - 1;
        return rowOf(segmentIn(key, slotFirst[slot], hi, segmentKey[hi]), numberLength, epochDay);
    }

    private int slotOf(long key) {
        long top = topTable[(int) (key >>> topShift)];
        int depth = (int) (top & 63);
        return (int) (top >>> 6) + (int) ((key >>> (topShift - depth)) & ((1L << depth) - 1));
    }

    /**
     * The last segment starting at or before the key among [lo, hi], else lo - 1: the segment the
     * slot opens inside (segment 0 starts at 0, so there always is one). {@code hi >= lo - 1} and
     * {@code hiWord} is segment hi's word: when the key lies at or after it, which is often, no
     * other word is read.
     */
    private int segmentIn(long key, int lo, int hi, long hiWord) {
        long probe = key << rowBits | rowMask;
        if (hiWord <= probe) {
            return hi;
        }
        hi--;
        int seg = lo - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (segmentKey[mid] <= probe) {
                seg = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return seg;
    }

    /** The row of the segment that applies to a number this long on this day, or -1. */
    private int rowOf(int seg, int numberLength, int epochDay) {
        int packed;
        if (segmentRow == null) {
            long low = segmentKey[seg] & rowMask;
            packed = low == rowMask ? -1 : (int) low;
        } else {
            packed = segmentRow[seg];
        }
        if (packed < 0) {
            return -1;
        }
        int row = packed >>> 4;
        if (rowFrom == null && (packed & 15) <= numberLength) {
            return row; // the usual case: no validity periods and the number is at least as long as the prefix
        }
        while (row >= 0) {
            long link = rowLink[row];
            if ((int) (link >>> 32) <= numberLength
                    && (rowFrom == null || (rowFrom[row] <= epochDay && epochDay <= rowTill[row]))) {
                return row;
            }
            row = (int) link;
        }
        return -1;
    }

    public Tariff tariffOf(int row) {
        return tariffs[rowTariff[row]];
    }

    public String destinationOf(int row) {
        return destinations[rowDestination[row]];
    }

    /** Segments of the flattened prefix space (for sizing and tests). */
    int segments() {
        return segmentKey.length;
    }
}
