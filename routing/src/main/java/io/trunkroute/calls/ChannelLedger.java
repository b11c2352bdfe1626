package io.trunkroute.calls;

import io.trunkroute.trunks.model.Trunk;
import java.util.Map;

/**
 * Counts voice channels per trunk against its limit (the simultaneous calls the carrier sells)
 * and admits new calls within its calls-per-second limit. This node-local contract is made
 * cluster-wide by the cluster issue (leases shared through Hazelcast).
 */
public interface ChannelLedger {

    /** Why a channel was refused (a metric label). */
    enum Refusal { LIMIT, CPS, MINORITY, UNAVAILABLE }

    /** Outcome of an attempt to take a channel. */
    record Acquisition(ChannelLease lease, Refusal kind, String refusal) {
        public static Acquisition granted(ChannelLease lease) {
            return new Acquisition(lease, null, null);
        }

        public static Acquisition refused(Refusal kind, String why) {
            return new Acquisition(null, kind, why);
        }

        public boolean isGranted() {
            return lease != null;
        }
    }

    /** Takes a channel on {@code trunk} for {@code callId}, or says why not (limit, CPS). */
    Acquisition tryAcquire(Trunk trunk, String callId);

    /** Channels in use on a trunk right now. */
    int inUse(String trunkId);

    /**
     * Channels in use on a trunk for a routing decision, which may be a moment old (a cluster
     * ledger keeps what its last operation on the trunk saw) since {@link #tryAcquire} is what
     * enforces the limit.
     */
    default int inUseForRouting(String trunkId) {
        return inUse(trunkId);
    }

    /** Channels in use per trunk (trunks with none may be absent). */
    Map<String, Integer> snapshot();
}
