package io.trunkroute.sip.stack;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Entries kept for at least {@code seconds} and at most one second more, in one map per second:
 * {@link #tick()}, run once a second, empties the oldest map and writes into it from then on.
 *
 * <p>Why: an entry kept for a while per call (the credentials of an INVITE, for an answer that
 * may still come from another branch) with a timer of its own puts a task per call into the
 * scheduler's queue, tens of thousands at a thousand calls a second; here a put is one map write
 * and the expiry is one task for all. A lookup reads every map, newest first, so a key put again
 * finds its newest value; lookups are for rare events (an answer nobody wants).
 */
final class RecentEntries<K, V> {

    private final AtomicReferenceArray<ConcurrentHashMap<K, V>> seconds;
    private volatile int current;

    RecentEntries(int seconds) {
        if (seconds < 1) {
            throw new IllegalArgumentException("an entry must be kept a second at least: " + seconds);
        }
        this.seconds = new AtomicReferenceArray<>(seconds + 1);
        for (int i = 0; i <= seconds; i++) {
            this.seconds.set(i, new ConcurrentHashMap<>());
        }
    }

    void put(K key, V value) {
        seconds.get(current).put(key, value);
    }

    /** The newest value put for {@code key} that has not expired, or null. */
    V get(K key) {
        int n = seconds.length();
        int newest = current;
        for (int i = 0; i < n; i++) {
            V v = seconds.get((newest - i + n) % n).get(key);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /** One second passed: the oldest second's entries expire, and its map takes the new ones. */
    synchronized void tick() {
        int next = (current + 1) % seconds.length();
        seconds.get(next).clear();
        current = next;
    }

    /** Drops every entry (the node stops). */
    synchronized void clear() {
        for (int i = 0; i < seconds.length(); i++) {
            seconds.get(i).clear();
        }
    }

    int size() {
        int size = 0;
        for (int i = 0; i < seconds.length(); i++) {
            size += seconds.get(i).size();
        }
        return size;
    }
}
