package io.trunkroute.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastException;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.splitbrainprotection.SplitBrainProtection;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import io.trunkroute.calls.ChannelLease;
import io.trunkroute.calls.ChannelLedger;
import io.trunkroute.calls.ChannelLedger.Refusal;
import io.trunkroute.trunks.model.Trunk;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster-wide {@link ChannelLedger}: one IMap entry per trunk holding its {@link ChannelLeases},
 * changed only by entry processors on the owning partition (backed up once). Each call's channel
 * is a lease renewed every TTL/3 by the node that holds it; when a member leaves, the oldest
 * survivor releases its leases at once, and anything a vanished holder left behind expires.
 *
 * <p>Acquisitions go to the cluster one by one (the answer decides the call); releases are
 * gathered and sent per trunk every {@link #RELEASE_FLUSH}, one operation for all the calls that
 * ended meanwhile. Until then this node counts them as free: its own reads
 * ({@link #inUse}, {@link #snapshot}) flush first, its routing counts subtract them, and an
 * acquisition refused for the limit while some are waiting flushes and asks again. Other nodes
 * see a channel free at most {@link #RELEASE_FLUSH} later, never earlier: the delay can refuse a
 * call there at the limit, never admit one above it.
 *
 * <p>Large trunks (at least {@link #BLOCK_MIN_CHANNELS} channels, no CPS limit) take no cluster
 * operation per call at all: each node holds a block of the trunk's channels reserved for it in
 * the cluster ({@link ChannelBlock}), its calls take and give channels of the block locally, the
 * block grows by {@link #blockStep} channels through the cluster when it is used up (within the
 * limit: blocks and single leases together never exceed it), and the flush reports its use and
 * gives back what it does not need: all of it when no call started or ended since the last report
 * or when the trunk is within two steps of its limit, else all but one step. So near the limit
 * another node waits a flush or two for channels a block held unused; a minority node stops
 * taking from its blocks (the majority releases them as a departed member's), and a member that
 * dies loses its block like its leases.
 *
 * <p>Split brain: the channel map is guarded by split-brain protection, so on a minority side
 * every acquisition on a limited trunk fails fast and the call is refused (503) instead of
 * over-admitting; trunks with neither channel nor CPS limit are counted locally and keep working.
 * The majority cannot tell a cut-off member from a dead one, so it releases that member's leases
 * (the carrier's own limit is the backstop for the calls still up on the cut-off side). When the
 * split heals the majority's entries win ({@link LeaseMergePolicy}) and the returning member
 * re-asserts the calls it still carries, so the count is rebuilt from the calls that exist.
 */
public final class HazelcastChannelLedger implements ChannelLedger, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HazelcastChannelLedger.class);

    private final HazelcastInstance hz;
    private final IMap<String, ChannelLeases> map;
    private final long ttlMillis;
    /** callId -> trunkId of the leases this node holds in the cluster map. */
    private final Map<String, String> held = new ConcurrentHashMap<>();
    /** callId -> trunkId of calls on unlimited trunks, counted only here. */
    private final Map<String, String> local = new ConcurrentHashMap<>();
    /** callId -> trunkId of calls ended here whose release is not yet sent (see the class comment). */
    private final Map<String, String> releasing = new ConcurrentHashMap<>();
    /** trunkId -> how many of {@link #releasing} are for it: counted up before, down after the flush. */
    private final Map<String, AtomicInteger> releasingPerTrunk = new ConcurrentHashMap<>();
    private final Object flushLock = new Object();
    /**
     * How long a release may wait to be sent with others. Sent one by one, releases were one of
     * the two cluster operations of every call, each a hand-off to a partition thread and back.
     */
    static final Duration RELEASE_FLUSH = Duration.ofMillis(20);
    /** Trunks with at least this many channels and no CPS limit take channels from blocks (class comment). */
    static final int BLOCK_MIN_CHANNELS = 200;
    /** trunkId -> this node's block of a large trunk. */
    private final Map<String, ChannelBlock> blocks = new ConcurrentHashMap<>();
    /** The channel map's split-brain protection, checked before a block's channel is taken locally. */
    private final SplitBrainProtection quorum;
    /** Releases that failed (minority, member gone): retried, and the lease expires anyway. */
    private final Map<String, String> pendingRelease = new ConcurrentHashMap<>();
    private final AtomicLong refusedMinority = new AtomicLong();
    /**
     * How old a trunk's count may be for a routing decision. Routing only skips trunks it believes
     * full; the acquisition is what enforces the limit, so a count a tenth of a second old costs at
     * worst a refused acquisition, while reading it for every call was a cluster operation per
     * call, one of three: the bench's trunk without a channel limit, so without any, used 7 % less
     * CPU per call at 1,100 calls/s (2026-12-03, two runs each).
     */
    static final Duration ROUTING_COUNT_MAX_AGE = Duration.ofMillis(100);
    private final RoutingCounts seen = new RoutingCounts(ROUTING_COUNT_MAX_AGE.toNanos(), System::nanoTime);
    private final ScheduledExecutorService timer;
    private final UUID listenerId;
    private final UUID lifecycleId;
    /** Set when this member merged back after a split brain: the next renewal re-asserts. */
    private volatile boolean reassertPending;

    public HazelcastChannelLedger(HazelcastInstance hz, Duration leaseTtl) {
        this(hz, leaseTtl, RELEASE_FLUSH);
    }

    /** With another flush interval: tests hold releases back to see what waits for them. */
    HazelcastChannelLedger(HazelcastInstance hz, Duration leaseTtl, Duration releaseFlush) {
        this.hz = hz;
        this.map = hz.getMap(ClusterNode.CHANNELS_MAP);
        this.ttlMillis = leaseTtl.toMillis();
        this.quorum = hz.getSplitBrainProtectionService().getSplitBrainProtection(ClusterNode.MAJORITY);
        this.listenerId = hz.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                // nothing to do: a new member starts with no calls
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                releaseLeavingMember(event.getMember());
            }
        });
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "channel-leases");
            t.setDaemon(true);
            return t;
        });
        this.lifecycleId = hz.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == com.hazelcast.core.LifecycleEvent.LifecycleState.MERGED) {
                LOG.warn("merged back into the cluster after a split: re-asserting this node's {} call(s)", held.size());
                reassertPending = true;
                timer.execute(this::renewAndRetry);
            }
        });
        long period = Math.max(100, ttlMillis / 3);
        timer.scheduleWithFixedDelay(this::renewAndRetry, period, period, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::purgeIfOldest, ttlMillis, ttlMillis, TimeUnit.MILLISECONDS);
        long flush = releaseFlush.toMillis();
        timer.scheduleWithFixedDelay(this::flushQuietly, flush, flush, TimeUnit.MILLISECONDS);
    }

    /** This member's id as leases record it; Hazelcast gives a member a new one when it merges back. */
    private String member() {
        return hz.getCluster().getLocalMember().getUuid().toString();
    }

    private long now() {
        return hz.getCluster().getClusterTime();
    }

    private static boolean limited(Trunk t) {
        return t.channels() != null || t.cps() != null;
    }

    private static boolean usesBlock(Trunk t) {
        return t.cps() == null && t.channels() != null && t.channels() >= BLOCK_MIN_CHANNELS;
    }

    /** Channels a block grows by: a 64th of the limit, 1 to 64. */
    static int blockStep(int limit) {
        return Math.max(1, Math.min(64, limit / 64));
    }

    private Acquisition refuseInMinority() {
        refusedMinority.incrementAndGet();
        return Acquisition.refused(Refusal.MINORITY, "this node is in a cluster minority: limited trunks refuse new calls");
    }

    private Acquisition acquireFromBlock(Trunk trunk, String callId) {
        if (!quorum.hasMinimumSize()) {
            return refuseInMinority();
        }
        int limit = trunk.channels();
        ChannelBlock b = blocks.computeIfAbsent(trunk.id(), k -> new ChannelBlock(limit));
        b.limit(limit);
        if (b.take()) {
            return Acquisition.granted(blockLease(trunk.id(), callId, b));
        }
        b.operations.lock();
        try {
            if (b.take()) {
                return Acquisition.granted(blockLease(trunk.id(), callId, b));
            }
            int used = b.used();
            LeaseProcessors.BlockAnswer a = map.executeOnKey(trunk.id(),
                    new LeaseProcessors.Reserve(member(), used, blockStep(limit), limit, ttlMillis, now()));
            b.grown(a.reserved(), used, a.free());
            seen.offer(trunk.id(), a.seen());
            if (b.take()) {
                return Acquisition.granted(blockLease(trunk.id(), callId, b));
            }
            return Acquisition.refused(Refusal.LIMIT, "all " + limit + " channels in use (cluster-wide)");
        } catch (SplitBrainProtectionException e) {
            return refuseInMinority();
        } catch (HazelcastException e) {
            return Acquisition.refused(Refusal.UNAVAILABLE, "cluster unavailable: " + e.getMessage());
        } finally {
            b.operations.unlock();
        }
    }

    private static ChannelLease blockLease(String trunkId, String callId, ChannelBlock b) {
        AtomicBoolean released = new AtomicBoolean();
        return ChannelLease.of(trunkId, callId, () -> {
            if (released.compareAndSet(false, true)) {
                b.give();
            }
        });
    }

    /**
     * Reports each block's use to the cluster and gives back what it does not need (class
     * comment); renews blocks not reported for a third of the lease TTL. {@code wait}: wait for a
     * growth in flight instead of skipping the block until the next flush; {@code force}: settle
     * every block (a member back from a split re-asserts its calls).
     */
    private void settleBlocks(boolean wait, boolean giveBackAll, boolean force) {
        long maxAgeNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(1, ttlMillis / 3));
        for (Map.Entry<String, ChannelBlock> e : blocks.entrySet()) {
            ChannelBlock b = e.getValue();
            int limit = b.limit();
            int step = blockStep(limit);
            int keep = giveBackAll || b.isIdle() || b.free() < 2 * step ? 0 : step;
            if (!force && !b.needsSettle(keep, maxAgeNanos)) {
                continue;
            }
            if (wait) {
                b.operations.lock();
            } else if (!b.operations.tryLock()) {
                continue;
            }
            try {
                int[] sizeAndUse = b.shrink(keep);
                LeaseProcessors.BlockAnswer a = map.executeOnKey(e.getKey(), new LeaseProcessors.Settle(member(),
                        sizeAndUse[0], sizeAndUse[1], limit, ttlMillis, now()));
                b.settled(a.reserved(), sizeAndUse[1], a.free());
                seen.offer(e.getKey(), a.seen());
            } catch (HazelcastException ex) {
                LOG.debug("channel block of trunk {} not settled: {}", e.getKey(), ex.getMessage());
            } finally {
                b.operations.unlock();
            }
        }
    }

    @Override
    public Acquisition tryAcquire(Trunk trunk, String callId) {
        if (!limited(trunk)) {
            local.put(callId, trunk.id());
            return Acquisition.granted(lease(trunk.id(), callId, false));
        }
        if (usesBlock(trunk)) {
            return acquireFromBlock(trunk, callId);
        }
        if (!releasing.isEmpty() && releasing.containsKey(callId)) {
            flushReleases(); // the same call again (failover): its release goes first
        }
        LeaseProcessors.Acquired acquired;
        try {
            acquired = acquire(trunk, callId);
            if (acquired.refusal() != null && !acquired.refusal().startsWith("calls-per-second")
                    && releasingCount(trunk.id()) > 0) {
                flushReleases(); // full only for calls that ended here and are not yet released
                acquired = acquire(trunk, callId);
            }
        } catch (SplitBrainProtectionException e) {
            return refuseInMinority();
        } catch (HazelcastException e) {
            return Acquisition.refused(Refusal.UNAVAILABLE, "cluster unavailable: " + e.getMessage());
        }
        seen.offer(trunk.id(), acquired.seen());
        String refusal = acquired.refusal();
        if (refusal != null) {
            return Acquisition.refused(refusal.startsWith("calls-per-second") ? Refusal.CPS : Refusal.LIMIT, refusal);
        }
        held.put(callId, trunk.id());
        return Acquisition.granted(lease(trunk.id(), callId, true));
    }

    private LeaseProcessors.Acquired acquire(Trunk trunk, String callId) {
        return map.executeOnKey(trunk.id(), new LeaseProcessors.Acquire(callId, member(),
                trunk.channels() == null ? -1 : trunk.channels(), trunk.cps() == null ? -1 : trunk.cps(),
                ttlMillis, now()));
    }

    private ChannelLease lease(String trunkId, String callId, boolean clustered) {
        return ChannelLease.of(trunkId, callId,
                clustered ? () -> queueRelease(trunkId, callId) : () -> local.remove(callId));
    }

    private void queueRelease(String trunkId, String callId) {
        if (held.remove(callId) == null) {
            return; // released already
        }
        // Counted before it is queued, so a flush never counts below what it takes.
        releasingPerTrunk.computeIfAbsent(trunkId, k -> new AtomicInteger()).incrementAndGet();
        releasing.put(callId, trunkId);
    }

    private int releasingCount(String trunkId) {
        AtomicInteger n = releasingPerTrunk.get(trunkId);
        return n == null ? 0 : n.get();
    }

    /**
     * Sends the releases gathered so far, one operation per trunk. Waited for, on the flushing
     * thread: IMap.submitToKey starts two threads per call on a 2-CPU host (Hazelcast's default
     * executor for its callbacks is a thread per task when the common fork-join pool has fewer
     * than two threads), which HazelcastChannelLedgerIT.releasingStartsNoThreadPerCall counts.
     */
    void flushReleases() {
        synchronized (flushLock) {
            if (releasing.isEmpty()) {
                return;
            }
            Map<String, List<String>> byTrunk = new HashMap<>();
            releasing.forEach((call, trunk) -> byTrunk.computeIfAbsent(trunk, k -> new ArrayList<>()).add(call));
            for (Map.Entry<String, List<String>> e : byTrunk.entrySet()) {
                String trunkId = e.getKey();
                List<String> calls = e.getValue();
                try {
                    seen.offer(trunkId, map.executeOnKey(trunkId, new LeaseProcessors.ReleaseAll(calls, now())));
                } catch (HazelcastException ex) {
                    calls.forEach(call -> pendingRelease.put(call, trunkId));
                }
                calls.forEach(releasing::remove);
                releasingPerTrunk.get(trunkId).addAndGet(-calls.size());
            }
        }
    }

    /** This node's releases and block use, sent so that a count read next includes them. */
    private void flushAll() {
        flushReleases();
        settleBlocks(true, false, false);
    }

    private void flushQuietly() {
        try {
            flushReleases();
            settleBlocks(false, false, false);
        } catch (RuntimeException e) {
            LOG.warn("channel release flush failed: {}", e.getMessage());
        }
    }

    @Override
    public int inUse(String trunkId) {
        flushAll();
        int localCount = localCount(trunkId);
        try {
            LeaseProcessors.Seen n = map.executeOnKey(trunkId, new LeaseProcessors.Count(now()));
            if (n == null) {
                return localCount;
            }
            seen.refresh(trunkId, n);
            return localCount + n.inUse();
        } catch (HazelcastException e) {
            ChannelBlock b = blocks.get(trunkId);
            return localCount + (int) held.values().stream().filter(trunkId::equals).count() + (b == null ? 0 : b.used());
        }
    }

    /**
     * The count the last lease operation on the trunk returned, when it is at most
     * {@link #ROUTING_COUNT_MAX_AGE} old, less this node's releases not yet sent; else read as
     * {@link #inUse}. Each call takes and
     * releases a lease, so on a trunk in use the count is rarely read on purpose.
     */
    @Override
    public int inUseForRouting(String trunkId) {
        OptionalInt n = seen.fresh(trunkId);
        if (n.isEmpty()) {
            return inUse(trunkId);
        }
        ChannelBlock b = blocks.get(trunkId);
        int unreported = b == null ? 0 : b.unreportedUse();
        return localCount(trunkId) + Math.max(0, n.getAsInt() - releasingCount(trunkId) + unreported);
    }

    private int localCount(String trunkId) {
        return local.isEmpty() ? 0 : (int) local.values().stream().filter(trunkId::equals).count();
    }

    @Override
    public Map<String, Integer> snapshot() {
        flushAll();
        Map<String, Integer> out = new HashMap<>();
        local.values().forEach(t -> out.merge(t, 1, Integer::sum));
        try {
            map.executeOnEntries(new LeaseProcessors.Count(now())).forEach((t, n) -> out.merge(t, n.inUse(), Integer::sum));
        } catch (HazelcastException e) {
            held.values().forEach(t -> out.merge(t, 1, Integer::sum));
            blocks.forEach((t, b) -> out.merge(t, b.used(), Integer::sum));
        }
        return out;
    }

    /** Calls refused because this node was on the minority side of a split. */
    public long refusedInMinority() {
        return refusedMinority.get();
    }

    private void renewAndRetry() {
        try {
            Map<String, List<String>> byTrunk = new HashMap<>();
            held.forEach((call, trunk) -> byTrunk.computeIfAbsent(trunk, k -> new ArrayList<>()).add(call));
            long expiresAt = now() + ttlMillis;
            boolean reassert = reassertPending;
            boolean allDone = true;
            for (Map.Entry<String, List<String>> e : byTrunk.entrySet()) {
                try {
                    if (reassert) {
                        int back = map.executeOnKey(e.getKey(), new LeaseProcessors.Reassert(e.getValue(), member(), expiresAt));
                        if (back > 0) {
                            LOG.warn("trunk {}: {} channel(s) of calls this node carried through the split counted again",
                                    e.getKey(), back);
                        }
                    } else {
                        map.executeOnKey(e.getKey(), new LeaseProcessors.Renew(e.getValue(), member(), expiresAt));
                    }
                } catch (HazelcastException ex) {
                    allDone = false;
                    LOG.debug("lease renewal for trunk {} failed: {}", e.getKey(), ex.getMessage());
                }
            }
            if (reassert) {
                settleBlocks(true, false, true);
            }
            if (reassert && allDone) {
                reassertPending = false;
            }
            for (Map.Entry<String, String> p : List.copyOf(pendingRelease.entrySet())) {
                try {
                    map.executeOnKey(p.getValue(), new LeaseProcessors.Release(p.getKey(), now()));
                    pendingRelease.remove(p.getKey());
                } catch (HazelcastException e) {
                    // still cut off; the lease expires on its own
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("lease renewal failed: {}", e.getMessage());
        }
    }

    private boolean isOldestMember() {
        Member oldest = hz.getCluster().getMembers().iterator().next();
        return oldest.localMember();
    }

    private void purgeIfOldest() {
        try {
            if (isOldestMember()) {
                Map<String, Integer> purged = map.executeOnEntries(new LeaseProcessors.PurgeExpired(now()));
                int n = purged.values().stream().mapToInt(Integer::intValue).sum();
                if (n > 0) {
                    LOG.warn("reclaimed {} expired channel lease(s)", n);
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("lease purge skipped: {}", e.getMessage());
        }
    }

    private void releaseLeavingMember(Member gone) {
        timer.execute(() -> {
            try {
                if (!isOldestMember()) {
                    return;
                }
                Map<String, Integer> released = map.executeOnEntries(
                        new LeaseProcessors.ReleaseMember(gone.getUuid().toString()));
                int n = released.values().stream().mapToInt(Integer::intValue).sum();
                LOG.warn("member {} left the cluster: released its {} channel(s)", gone.getAddress(), n);
            } catch (RuntimeException e) {
                LOG.warn("could not release the channels of departed member {}: {} (they expire within {} ms)",
                        gone.getAddress(), e.getMessage(), ttlMillis);
            }
        });
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try { // a node stopping returns the channels of the calls that ended, and its blocks' spare ones
            flushReleases();
            settleBlocks(true, true, false);
        } catch (RuntimeException e) {
            LOG.debug("channels not returned on close: {}", e.getMessage());
        }
        try {
            hz.getCluster().removeMembershipListener(listenerId);
            hz.getLifecycleService().removeLifecycleListener(lifecycleId);
        } catch (RuntimeException ignored) {
            // instance already down
        }
    }
}
