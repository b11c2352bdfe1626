package io.trunkroute.rules.deck;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects rows into growable primitive arrays (a million-row deck never becomes a million row
 * objects) and builds the {@link RateDeck}: sorts rows by prefix range, chains rows of one prefix
 * by validity and to their enclosing prefix, and flattens the nesting into disjoint segments.
 * Overlapping validity periods of one prefix are an error (the deck would be ambiguous).
 */
public final class RateDeckBuilder {

    private final String id;
    private final String currency;
    private int size;
    private long[] prefix = new long[1024];
    private byte[] length = new byte[1024];
    private int[] tariff = new int[1024];
    private int[] destination = new int[1024];
    private int[] from = new int[1024];
    private int[] till = new int[1024];
    private long[] line = new long[1024];
    private final Map<Tariff, Integer> tariffIds = new HashMap<>();
    private final List<Tariff> tariffs = new ArrayList<>();
    private final Map<String, Integer> destinationIds = new HashMap<>();
    private final List<String> destinations = new ArrayList<>();

    public RateDeckBuilder(String id, String currency) {
        this.id = id;
        this.currency = currency;
    }

    /**
     * @param digits     the prefix, 1..15 digits
     * @param validFrom  first day the row applies, null = always
     * @param validTill  last day it applies (inclusive), null = open-ended
     * @param sourceLine for error messages
     */
    public RateDeckBuilder add(String digits, String dest, Tariff t, LocalDate validFrom, LocalDate validTill,
                               long sourceLine) {
        if (digits.isEmpty() || digits.length() > RateDeck.MAX_DIGITS || !digits.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("prefix must be 1-15 digits, was '" + digits + "'");
        }
        if (size == prefix.length) {
            grow();
        }
        prefix[size] = Long.parseLong(digits);
        length[size] = (byte) digits.length();
        tariff[size] = tariffIds.computeIfAbsent(t, k -> {
            tariffs.add(k);
            return tariffs.size() - 1;
        });
        destination[size] = destinationIds.computeIfAbsent(dest == null ? "" : dest, k -> {
            destinations.add(k);
            return destinations.size() - 1;
        });
        from[size] = validFrom == null ? Integer.MIN_VALUE : (int) validFrom.toEpochDay();
        till[size] = validTill == null ? Integer.MAX_VALUE : (int) validTill.toEpochDay();
        line[size] = sourceLine;
        size++;
        return this;
    }

    private void grow() {
        int n = prefix.length * 2;
        prefix = Arrays.copyOf(prefix, n);
        length = Arrays.copyOf(length, n);
        tariff = Arrays.copyOf(tariff, n);
        destination = Arrays.copyOf(destination, n);
        from = Arrays.copyOf(from, n);
        till = Arrays.copyOf(till, n);
        line = Arrays.copyOf(line, n);
    }

    public int size() {
        return size;
    }

    private long start(int r) {
        return prefix[r] * RateDeck.POW10[RateDeck.MAX_DIGITS - length[r]];
    }

    private long end(int r) {
        return start(r) + RateDeck.POW10[RateDeck.MAX_DIGITS - length[r]] - 1;
    }

    /** Builds the deck, or reports every overlap of validity periods with both lines. */
    public RateDeck build(String file) throws DeckImportException {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        IntSort.sort(order, (a, b) -> {
            int c = Long.compare(start(a), start(b));
            if (c != 0) {
                return c;
            }
            c = Integer.compare(length[a], length[b]);
            return c != 0 ? c : Integer.compare(from[a], from[b]);
        });

        // Permute into sorted order: lookups then walk memory forwards.
        long[] sPrefix = new long[size];
        byte[] sLength = new byte[size];
        int[] sTariff = new int[size];
        int[] sDest = new int[size];
        int[] sFrom = new int[size];
        int[] sTill = new int[size];
        long[] sLine = new long[size];
        for (int i = 0; i < size; i++) {
            int r = order[i];
            sPrefix[i] = prefix[r];
            sLength[i] = length[r];
            sTariff[i] = tariff[r];
            sDest[i] = destination[r];
            sFrom[i] = from[r];
            sTill[i] = till[r];
            sLine[i] = line[r];
        }
        prefix = sPrefix;
        length = sLength;
        tariff = sTariff;
        destination = sDest;
        from = sFrom;
        till = sTill;
        line = sLine;

        List<DeckProblem> problems = new ArrayList<>();
        int[] next = new int[size];
        Arrays.fill(next, -1);
        // Groups: runs of rows with the same prefix (now adjacent, ordered by valid-from).
        LongList segStart = new LongList(size * 2 + 1);
        IntList segRow = new IntList(size * 2 + 1);
        int[] stackGroupFirst = new int[RateDeck.MAX_DIGITS + 2];
        long[] stackEnd = new long[RateDeck.MAX_DIGITS + 2];
        int depth = 0;
        long cursor = 0;
        int i = 0;
        while (i < size) {
            int first = i;
            int last = i;
            while (last + 1 < size && prefix[last + 1] == prefix[first] && length[last + 1] == length[first]) {
                last++;
            }
            for (int r = first; r < last; r++) {
                if (till[r] >= from[r + 1]) {
                    problems.add(new DeckProblem(file, line[r + 1], "prefix " + prefixText(r + 1)
                            + " overlaps the validity period of line " + line[r]));
                }
                next[r] = r + 1;
            }
            long s = start(first);
            while (depth > 0 && stackEnd[depth - 1] < s) {
                depth--;
                cursor = emit(segStart, segRow, cursor, stackEnd[depth], stackGroupFirst[depth]);
            }
            int parentFirst = depth > 0 ? stackGroupFirst[depth - 1] : -1;
            if (cursor < s) {
                cursor = emit(segStart, segRow, cursor, s - 1, parentFirst);
            }
            next[last] = parentFirst;
            stackGroupFirst[depth] = first;
            stackEnd[depth] = end(first);
            depth++;
            i = last + 1;
        }
        while (depth > 0) {
            depth--;
            cursor = emit(segStart, segRow, cursor, stackEnd[depth], stackGroupFirst[depth]);
        }
        long spaceEnd = RateDeck.POW10[RateDeck.MAX_DIGITS] - 1;
        if (cursor <= spaceEnd) {
            emit(segStart, segRow, cursor, spaceEnd, -1);
        }
        if (!problems.isEmpty()) {
            throw new DeckImportException(problems, problems.size());
        }
        return new RateDeck(id, currency, segStart.toArray(), segRow.toArray(), length, tariff, destination,
                from, till, next, tariffs.toArray(Tariff[]::new), destinations.toArray(String[]::new));
    }

    /** Adds segment [from, to] pointing at {@code row} (merged with the previous one when equal). */
    private static long emit(LongList starts, IntList rows, long from, long to, int row) {
        if (from > to) {
            return from;
        }
        if (rows.size() == 0 || rows.last() != row) {
            starts.add(from);
            rows.add(row);
        }
        return to + 1;
    }

    private String prefixText(int r) {
        return Long.toString(prefix[r]);
    }

    /** Growable long array. */
    static final class LongList {
        private long[] a;
        private int n;

        LongList(int capacity) {
            a = new long[Math.max(16, capacity)];
        }

        void add(long v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        long[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }

    /** Growable int array. */
    static final class IntList {
        private int[] a;
        private int n;

        IntList(int capacity) {
            a = new int[Math.max(16, capacity)];
        }

        void add(int v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        int size() {
            return n;
        }

        int last() {
            return a[n - 1];
        }

        int[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }
}
