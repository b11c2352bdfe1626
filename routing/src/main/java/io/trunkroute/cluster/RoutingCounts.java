package io.trunkroute.cluster;

import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The channels in use per trunk as this node last learned them from the trunk's partition owner,
 * for routing decisions (free channels) without a cluster read per call.
 *
 * <p>Every lease operation returns the trunk's whole cluster-wide count and the version of the
 * lease set it read ({@link LeaseProcessors.Seen}). Operations of concurrent calls return in any
 * order, so a reading replaces the one kept only when it is newer. A trunk this node has not
 * touched for {@code maxAgeNanos} is read again ({@link #refresh}): other nodes' calls change
 * the count without this node hearing of it. A refresh is always kept, even with a lower
 * version, since after a split brain heals a trunk's lease set may be the other side's, with
 * versions of its own.
 */
final class RoutingCounts {

    private record Reading(long version, int inUse, long readAt) {
    }

    private final Map<String, Reading> readings = new ConcurrentHashMap<>();
    private final long maxAgeNanos;
    private final LongSupplier nanoClock;

    RoutingCounts(long maxAgeNanos, LongSupplier nanoClock) {
        this.maxAgeNanos = maxAgeNanos;
        this.nanoClock = nanoClock;
    }

    /** What an operation on the trunk saw; kept unless a newer reading is already known. */
    void offer(String trunkId, LeaseProcessors.Seen seen) {
        long now = nanoClock.getAsLong();
        Reading fresh = new Reading(seen.version(), seen.inUse(), now);
        readings.merge(trunkId, fresh, (kept, offered) ->
                offered.version() >= kept.version() || now - kept.readAt() >= maxAgeNanos ? offered : kept);
    }

    /** A count read on purpose because the one kept was missing or too old: always kept. */
    void refresh(String trunkId, LeaseProcessors.Seen seen) {
        readings.put(trunkId, new Reading(seen.version(), seen.inUse(), nanoClock.getAsLong()));
    }

    /** The count kept for the trunk, unless there is none or it is older than the maximum age. */
    OptionalInt fresh(String trunkId) {
        Reading r = readings.get(trunkId);
        if (r == null || nanoClock.getAsLong() - r.readAt() >= maxAgeNanos) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(r.inUse());
    }
}
