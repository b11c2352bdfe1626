package io.trunkroute.cluster;

import java.util.concurrent.locks.ReentrantLock;

/**
 * This node's block of one large trunk's channels ({@link HazelcastChannelLedger}): how many the
 * cluster reserved for it and how many of them its calls use. Calls take and give channels here
 * without a cluster operation; the block grows through the cluster when it is used up and is
 * settled (shrunk, renewed, its use reported) by the flush.
 *
 * <p>Invariant: {@code reserved} here is never more than the cluster holds for this node, so the
 * node never admits more than its share. Growth raises it only after the cluster granted; a settle
 * lowers it before the cluster hears of it.
 */
final class ChannelBlock {

    /** One cluster operation on the block at a time (growth, settle). */
    final ReentrantLock operations = new ReentrantLock();
    private int reserved;
    private int used;
    /** What the cluster last heard: the block's size and use. */
    private int reportedReserved;
    private int reportedUsed;
    private long reportedAtNanos;
    /** Channels the trunk's limit still allowed at the last operation. */
    private int free = Integer.MAX_VALUE;
    private volatile int limit;

    ChannelBlock(int limit) {
        this.limit = limit;
    }

    int limit() {
        return limit;
    }

    void limit(int value) {
        limit = value;
    }

    /** Takes a channel of the block, if one is free. */
    synchronized boolean take() {
        if (used < reserved) {
            used++;
            return true;
        }
        return false;
    }

    synchronized void give() {
        if (used > 0) {
            used--;
        }
    }

    synchronized int used() {
        return used;
    }

    /** The use not yet reported, to add to a count the cluster gave. */
    synchronized int unreportedUse() {
        return used - reportedUsed;
    }

    /** After a growth: the block's size in the cluster now. Caller holds {@link #operations}. */
    synchronized void grown(int clusterReserved, int reportedUse, int freeAfter) {
        reserved = clusterReserved;
        reportedReserved = clusterReserved;
        reportedUsed = reportedUse;
        free = freeAfter;
        reportedAtNanos = System.nanoTime();
    }

    /**
     * Lowers the block to its use plus {@code keep} (never raises it) and returns the size and use
     * to report. Caller holds {@link #operations}.
     */
    synchronized int[] shrink(int keep) {
        reserved = Math.min(reserved, used + keep);
        return new int[] {reserved, used};
    }

    /** After a settle: what the cluster holds now (it may have lost the block). Caller holds {@link #operations}. */
    synchronized void settled(int clusterReserved, int reportedUse, int freeAfter) {
        reserved = Math.min(reserved, clusterReserved);
        reportedReserved = clusterReserved;
        reportedUsed = reportedUse;
        free = freeAfter;
        reportedAtNanos = System.nanoTime();
    }

    /** Whether the cluster's record differs from the block, or is older than {@code maxAgeNanos}. */
    synchronized boolean needsSettle(int keep, long maxAgeNanos) {
        int target = Math.min(reserved, used + keep);
        return target != reportedReserved || used != reportedUsed
                || (reportedReserved > 0 && System.nanoTime() - reportedAtNanos >= maxAgeNanos);
    }

    synchronized int free() {
        return free;
    }

    synchronized boolean isIdle() {
        return used == reportedUsed;
    }
}
