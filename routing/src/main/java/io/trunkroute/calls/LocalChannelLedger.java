package io.trunkroute.calls;

import io.trunkroute.trunks.model.Trunk;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Single-node {@link ChannelLedger}: per-trunk sets of call ids under the trunk's lock, so the
 * count can neither exceed the limit nor go below zero, and a sliding one-second window for CPS.
 */
public final class LocalChannelLedger implements ChannelLedger {

    private final Map<String, TrunkChannels> trunks = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;

    public LocalChannelLedger() {
        this(System::nanoTime);
    }

    LocalChannelLedger(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    private static final class TrunkChannels {
        final Set<String> calls = new HashSet<>();
        /** Start times (ns) of the calls admitted during the last second, oldest first. */
        final java.util.ArrayDeque<Long> recentStarts = new java.util.ArrayDeque<>();
    }

    @Override
    public Acquisition tryAcquire(Trunk trunk, String callId) {
        TrunkChannels t = trunks.computeIfAbsent(trunk.id(), id -> new TrunkChannels());
        synchronized (t) {
            if (t.calls.contains(callId)) {
                return Acquisition.granted(lease(trunk.id(), callId));
            }
            if (trunk.channels() != null && t.calls.size() >= trunk.channels()) {
                return Acquisition.refused(Refusal.LIMIT, "all " + trunk.channels() + " channels in use");
            }
            long now = nanoClock.getAsLong();
            if (trunk.cps() != null) {
                while (!t.recentStarts.isEmpty() && now - t.recentStarts.peekFirst() >= 1_000_000_000L) {
                    t.recentStarts.pollFirst();
                }
                if (t.recentStarts.size() + 1 > trunk.cps()) {
                    return Acquisition.refused(Refusal.CPS, "calls-per-second limit " + trunk.cps() + " reached");
                }
            }
            t.calls.add(callId);
            t.recentStarts.addLast(now);
            return Acquisition.granted(lease(trunk.id(), callId));
        }
    }

    private ChannelLease lease(String trunkId, String callId) {
        return ChannelLease.of(trunkId, callId, () -> {
            TrunkChannels t = trunks.get(trunkId);
            if (t != null) {
                synchronized (t) {
                    t.calls.remove(callId);
                }
            }
        });
    }

    @Override
    public int inUse(String trunkId) {
        TrunkChannels t = trunks.get(trunkId);
        if (t == null) {
            return 0;
        }
        synchronized (t) {
            return t.calls.size();
        }
    }

    @Override
    public Map<String, Integer> snapshot() {
        Map<String, Integer> out = new HashMap<>();
        trunks.forEach((id, t) -> out.put(id, inUse(id)));
        return out;
    }
}
