package io.trunkroute.cluster;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * One trunk's channel state in the cluster: the leases (call id → holder member, expiry) and the
 * start times of the last second's calls (for CPS). The count of channels in use is the number of
 * live leases, so it cannot drift from them: it cannot go below zero, and every change goes
 * through {@link #tryAcquire} which refuses above the limit.
 *
 * <p>Changed only inside entry processors on the key's partition owner (and replayed on backups),
 * so every method takes the time from the caller: the replay must reach the same state.
 */
public final class ChannelLeases implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** One held channel. */
    public record Lease(String member, long expiresAt) implements Serializable {
    }

    private final Map<String, Lease> leases = new HashMap<>();
    private final ArrayDeque<Long> recentStarts = new ArrayDeque<>();
    /**
     * No lease expires before this: a lower bound, exact after each scan and lowered to the expiry
     * of every lease written (whether it extends an expiry or not), so removals alone can leave it
     * lower than needed, never higher. Until then purging and counting
     * skip the scan over all leases, which otherwise ran twice per call (acquire, and the router's
     * free-channel count) over every call the trunk carries. 0, as after deserialising an older
     * form, only means "scan next time".
     */
    private long noExpiryBefore;
    /**
     * Bumped by every change, so that the counts a node reads back from operations that ran at
     * the same time can be put in order ({@link RoutingCounts}).
     */
    private long version;

    /** Drops leases that expired (their holder stopped renewing: crashed, or lost the call). */
    int purgeExpired(long now) {
        if (now < noExpiryBefore) {
            return 0;
        }
        int before = leases.size();
        long earliest = Long.MAX_VALUE;
        for (Iterator<Lease> it = leases.values().iterator(); it.hasNext(); ) {
            long expiresAt = it.next().expiresAt();
            if (expiresAt <= now) {
                it.remove();
            } else {
                earliest = Math.min(earliest, expiresAt);
            }
        }
        noExpiryBefore = earliest;
        if (leases.size() < before) {
            version++;
        }
        return before - leases.size();
    }

    private void put(String callId, Lease lease) {
        leases.put(callId, lease);
        version++;
        noExpiryBefore = Math.min(noExpiryBefore, lease.expiresAt());
    }

    /**
     * Takes a channel for {@code callId}; null when granted, else why not.
     *
     * @param limit channels the trunk may hold, negative = unlimited
     * @param cps   new calls per second, non-positive = unlimited
     */
    String tryAcquire(String callId, String member, int limit, double cps, long ttlMillis, long now) {
        purgeExpired(now);
        Lease held = leases.get(callId);
        if (held != null) {
            put(callId, new Lease(member, now + ttlMillis));
            return null;
        }
        if (limit >= 0 && leases.size() >= limit) {
            return "all " + limit + " channels in use (cluster-wide)";
        }
        while (!recentStarts.isEmpty() && now - recentStarts.peekFirst() >= 1000) {
            recentStarts.pollFirst();
        }
        if (cps > 0 && recentStarts.size() + 1 > cps) {
            return "calls-per-second limit " + cps + " reached (cluster-wide)";
        }
        put(callId, new Lease(member, now + ttlMillis));
        recentStarts.addLast(now);
        return null;
    }

    boolean release(String callId) {
        if (leases.remove(callId) == null) {
            return false;
        }
        version++;
        return true;
    }

    /** Extends the leases the member still holds; returns how many were found. */
    int renew(Iterable<String> callIds, String member, long expiresAt) {
        int found = 0;
        for (String id : callIds) {
            Lease l = leases.get(id);
            if (l != null && l.member().equals(member)) {
                put(id, new Lease(member, expiresAt));
                found++;
            }
        }
        return found;
    }

    /** Releases every lease of a member that left the cluster; returns how many. */
    int releaseMember(String member) {
        int released = 0;
        for (Iterator<Lease> it = leases.values().iterator(); it.hasNext(); ) {
            if (it.next().member().equals(member)) {
                it.remove();
                released++;
            }
        }
        if (released > 0) {
            version++;
        }
        return released;
    }

    int inUse(long now) {
        if (now < noExpiryBefore) {
            return leases.size();
        }
        int n = 0;
        for (Lease l : leases.values()) {
            if (l.expiresAt() > now) {
                n++;
            }
        }
        return n;
    }

    long version() {
        return version;
    }

    boolean isEmpty() {
        return leases.isEmpty() && recentStarts.isEmpty();
    }

    /**
     * After a split brain heals, the member that was cut off re-asserts the calls it still holds:
     * the survivors had released its leases as a departed member's, but the calls are alive. Adds or
     * extends a lease for each; never refused (the call exists whatever the limit says, and the
     * count then drains as calls end). Returns how many were missing.
     */
    int reassert(Iterable<String> callIds, String member, long expiresAt) {
        int added = 0;
        for (String id : callIds) {
            boolean missing = !leases.containsKey(id);
            put(id, new Lease(member, expiresAt));
            if (missing) {
                added++;
            }
        }
        return added;
    }

    Map<String, Lease> leases() {
        return Map.copyOf(leases);
    }
}
