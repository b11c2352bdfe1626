package io.trunkroute.cluster;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * One trunk's channel state in the cluster: the leases (call id → holder member, expiry), the
 * members' blocks (member → channels reserved for it, how many its calls use, expiry), and the
 * start times of the last second's calls (for CPS). The channels in use are the live leases plus
 * the blocks' used channels; the channels taken, which the limit bounds, are the live leases plus
 * the blocks' reserved channels. Only {@link #tryAcquire} and {@link #reserve} take more, and both
 * refuse above the limit.
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

    /** A member's block of a large trunk's channels (HazelcastChannelLedger): {@code used <= reserved}. */
    public record Block(int reserved, int used, long expiresAt) implements Serializable {
    }

    /** What a block operation left: the member's block size, and the channels the limit still allows. */
    record BlockState(int reserved, int free) {
    }

    private final Map<String, Lease> leases = new HashMap<>();
    /** member -> its block; null when deserialised from a form older than blocks. */
    private Map<String, Block> blocks = new HashMap<>();
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
        int released = before - leases.size();
        for (Iterator<Block> it = blocks().values().iterator(); it.hasNext(); ) {
            Block b = it.next();
            if (b.expiresAt() <= now) {
                it.remove();
                released += b.used();
                version++;
            } else {
                earliest = Math.min(earliest, b.expiresAt());
            }
        }
        noExpiryBefore = earliest;
        if (leases.size() < before) {
            version++;
        }
        return released;
    }

    private Map<String, Block> blocks() {
        if (blocks == null) {
            blocks = new HashMap<>();
        }
        return blocks;
    }

    private int reservedInBlocks() {
        int n = 0;
        for (Block b : blocks().values()) {
            n += b.reserved();
        }
        return n;
    }

    private void putBlock(String member, Block block) {
        if (block.reserved() == 0 && block.used() == 0) {
            blocks().remove(member);
        } else {
            blocks().put(member, block);
            noExpiryBefore = Math.min(noExpiryBefore, block.expiresAt());
        }
        version++;
    }

    /**
     * Grows the member's block by up to {@code step} channels, as far as the limit allows, after
     * recording how many of it the member's calls use. A block the cluster lost (expired, or
     * released as a departed member's) comes back with at least the channels in use: those calls
     * exist whatever the limit says, as for {@link #reassert}.
     */
    BlockState reserve(String member, int used, int step, int limit, long expiresAt, long now) {
        purgeExpired(now);
        Block held = blocks().get(member);
        int base = Math.max(held == null ? 0 : held.reserved(), used);
        int taken = leases.size() + reservedInBlocks() - (held == null ? 0 : held.reserved()) + base;
        int grant = Math.max(0, Math.min(step, limit - taken));
        putBlock(member, new Block(base + grant, used, expiresAt));
        return new BlockState(base + grant, Math.max(0, limit - taken - grant));
    }

    /**
     * Sets the member's block to {@code reserved} channels with {@code used} of them in use, and
     * renews it. It never grows here beyond what the cluster held for the member, except to cover
     * the channels in use (a lost block comes back with those only); a block with nothing
     * reserved and nothing used is removed.
     */
    BlockState settle(String member, int reserved, int used, int limit, long expiresAt, long now) {
        purgeExpired(now);
        Block held = blocks().get(member);
        int size = Math.max(used, held == null ? used : Math.min(held.reserved(), reserved));
        putBlock(member, new Block(size, used, expiresAt));
        int taken = leases.size() + reservedInBlocks();
        return new BlockState(size, Math.max(0, limit - taken));
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
        if (limit >= 0 && leases.size() + reservedInBlocks() >= limit) {
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

    /** Releases every lease and the block of a member that left the cluster; returns how many channels. */
    int releaseMember(String member) {
        Block block = blocks().remove(member);
        int released = block == null ? 0 : block.used();
        if (block != null) {
            version++;
        }
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
        boolean scan = now >= noExpiryBefore;
        int n = 0;
        for (Block b : blocks().values()) {
            if (!scan || b.expiresAt() > now) {
                n += b.used();
            }
        }
        if (!scan) {
            return n + leases.size();
        }
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
        return leases.isEmpty() && blocks().isEmpty() && recentStarts.isEmpty();
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

    Map<String, Block> blocksByMember() {
        return Map.copyOf(blocks());
    }
}
