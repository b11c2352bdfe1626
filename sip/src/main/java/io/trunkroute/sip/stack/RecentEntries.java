package io.trunkroute.sip.stack;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Entries kept for at least {@code ticks} periods and at most one period more, in one map per
 * period: {@link #tick()}, run at a fixed period (a second for {@link UnwantedAnswer}, 64*T1 for
 * {@link AcceptedInviteValve}), empties the oldest map and writes into it from then on.
 *
 * <p>Why: an entry kept for a while per call (the credentials of an INVITE, for an answer that
 * may still come from another branch) with a timer of its own puts a task per call into the
 * scheduler's queue, tens of thousands at a thousand calls a second; here a put is one map write
 * and the expiry is one task for all. A lookup reads every map, newest first, so a key put again
 * finds its newest value; lookups are for rare events (an answer nobody wants).
 */
final class RecentEntries<K, V> {

    private final AtomicReferenceArray<ConcurrentHashMap<K, V>> periods;
    private volatile int current;

    RecentEntries(int ticks) {
        if (ticks < 1) {
            throw new IllegalArgumentException("an entry must be kept a tick at least: " + ticks);
        }
        this.periods = new AtomicReferenceArray<>(ticks + 1);
        for (int i = 0; i <= ticks; i++) {
            this.periods.set(i, new ConcurrentHashMap<>());
        }
    }

    void put(K key, V value) {
        periods.get(current).put(key, value);
    }

    /** The newest value put for {@code key} that has not expired, or null. */
    V get(K key) {
        int n = periods.length();
        int newest = current;
        for (int i = 0; i < n; i++) {
            V v = periods.get((newest - i + n) % n).get(key);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /** One period passed: the oldest period's entries expire, and its map takes the new ones. */
    synchronized void tick() {
        int next = (current + 1) % periods.length();
        periods.get(next).clear();
        current = next;
    }

    /** Drops every entry (the node stops). */
    synchronized void clear() {
        for (int i = 0; i < periods.length(); i++) {
            periods.get(i).clear();
        }
    }

    int size() {
        int size = 0;
        for (int i = 0; i < periods.length(); i++) {
            size += periods.get(i).size();
        }
        return size;
    }
}
