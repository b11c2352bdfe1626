package io.trunkroute.cluster;

import com.hazelcast.map.EntryProcessor;
import java.io.Serial;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * The only ways {@link ChannelLeases} change: entry processors run on the partition that owns the
 * trunk's entry, atomically per key, and replayed on its backup (so they carry their own clock).
 */
final class LeaseProcessors {

    private LeaseProcessors() {
    }

    /** The trunk's state, or a new one for a trunk with none yet. */
    private static ChannelLeases orNew(Map.Entry<String, ChannelLeases> entry) {
        return entry.getValue() == null ? new ChannelLeases() : entry.getValue();
    }

    /** A trunk's live leases after an operation, and the {@link ChannelLeases#version()} it left. */
    record Seen(long version, int inUse) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        static final Seen NOTHING = new Seen(0, 0);

        static Seen of(ChannelLeases state, long now) {
            return new Seen(state.version(), state.inUse(now));
        }
    }

    /** What an acquisition gave: {@code refusal} is null when the channel was granted. */
    record Acquired(String refusal, Seen seen) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    record Acquire(String callId, String member, int limit, double cps, long ttlMillis, long now)
            implements EntryProcessor<String, ChannelLeases, Acquired> {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public Acquired process(Map.Entry<String, ChannelLeases> entry) {
            ChannelLeases state = orNew(entry);
            String refusal = state.tryAcquire(callId, member, limit, cps, ttlMillis, now);
            entry.setValue(state);
            return new Acquired(refusal, Seen.of(state, now));
        }
    }

    record Release(String callId, long now) implements EntryProcessor<String, ChannelLeases, Seen> {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public Seen process(Map.Entry<String, ChannelLeases> entry) {
            ChannelLeases state = entry.getValue();
            if (state == null) {
                return Seen.NOTHING;
            }
            if (state.release(callId)) {
                entry.setValue(state);
            }
            return Seen.of(state, now);
        }
    }

    /** The releases one node gathered for the trunk since its last flush (HazelcastChannelLedger). */
    record ReleaseAll(List<String> callIds, long now) implements EntryProcessor<String, ChannelLeases, Seen> {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public Seen process(Map.Entry<String, ChannelLeases> entry) {
            ChannelLeases state = entry.getValue();
            if (state == null) {
                return Seen.NOTHING;
            }
            boolean changed = false;
            for (String callId : callIds) {
                changed |= state.release(callId);
            }
            if (changed) {
                entry.setValue(state);
            }
            return Seen.of(state, now);
        }
    }

    /** A member's block after a block operation, the channels the limit still allows, the trunk's count. */
    record BlockAnswer(int reserved, int free, Seen seen) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        static BlockAnswer of(ChannelLeases.BlockState block, ChannelLeases state, long now) {
            return new BlockAnswer(block.reserved(), block.free(), Seen.of(state, now));
        }
    }

    /** Grows a member's block (ChannelLeases#reserve). */
    record Reserve(String member, int used, int step, int limit, long ttlMillis, long now)
            implements EntryProcessor<String, ChannelLeases, BlockAnswer> {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public BlockAnswer process(Map.Entry<String, ChannelLeases> entry) {
            ChannelLeases state = orNew(entry);
            ChannelLeases.BlockState b = state.reserve(member, used, step, limit, now + ttlMillis, now);
            entry.setValue(state);
            return BlockAnswer.of(b, state, now);
        }
    }

    /** Shrinks and renews a member's block, recording its use (ChannelLeases#settle). */
    record Settle(String member, int reserved, int used, int limit, long ttlMillis, long now)
            implements EntryProcessor<String, ChannelLeases, BlockAnswer> {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public BlockAnswer process(Map.Entry<String, ChannelLeases> entry) {
            ChannelLeases state = orNew(entry);
            ChannelLeases.BlockState b = state.settle(member, reserved, used, limit, now + ttlMillis, now);
            entry.setValue(state.isEmpty() ? null : state);
            return BlockAnswer.of(b, state, now);
        }
    }

    record Renew(List<String> callIds, String member, long expiresAt)
            implements EntryProcessor<String, ChannelLeases, Integer> {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public Integer process(Map.Entry<String, ChannelLeases> entry) {
            ChannelLeases state = entry.getValue();
            if (state == null) {
                return 0;
            }
            int n = state.renew(callIds, member, expiresAt);
            entry.setValue(state);
            return n;
        }
    }

    /** A member back from a split brain puts back the leases of the calls it still carries. */
    record Reassert(List<String> callIds, String member, long expiresAt)
            implements EntryProcessor<String, ChannelLeases, Integer> {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public Integer process(Map.Entry<String, ChannelLeases> entry) {
            ChannelLeases state = orNew(entry);
            int n = state.reassert(callIds, member, expiresAt);
            entry.setValue(state);
            return n;
        }
    }

    /** Run over every trunk when a member leaves: its calls are gone with it. */
    record ReleaseMember(String member) implements EntryProcessor<String, ChannelLeases, Integer> {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public Integer process(Map.Entry<String, ChannelLeases> entry) {
            ChannelLeases state = entry.getValue();
            if (state == null) {
                return 0;
            }
            int n = state.releaseMember(member);
            if (n > 0) {
                entry.setValue(state);
            }
            return n;
        }
    }

    /** Reclaims expired leases everywhere (a holder that vanished without the cluster noticing). */
    record PurgeExpired(long now) implements EntryProcessor<String, ChannelLeases, Integer> {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public Integer process(Map.Entry<String, ChannelLeases> entry) {
            ChannelLeases state = entry.getValue();
            if (state == null) {
                return 0;
            }
            int n = state.purgeExpired(now);
            if (n > 0) {
                entry.setValue(state);
            }
            return n;
        }
    }

    /** Read-only count of live leases. */
    record Count(long now) implements EntryProcessor<String, ChannelLeases, Seen> {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public Seen process(Map.Entry<String, ChannelLeases> entry) {
            return entry.getValue() == null ? Seen.NOTHING : Seen.of(entry.getValue(), now);
        }

        @Override
        public EntryProcessor<String, ChannelLeases, Seen> getBackupProcessor() {
            return null; // reads change nothing: no backup replay
        }
    }
}
