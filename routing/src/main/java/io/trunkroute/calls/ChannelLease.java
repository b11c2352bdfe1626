package io.trunkroute.calls;

/**
 * One voice channel held on one trunk for one call. Released exactly once, whatever path the
 * call takes (answered, failed over, cancelled, timed out); releasing twice is harmless.
 */
public interface ChannelLease {

    String trunkId();

    String callId();

    void release();

    /** A lease whose release runs {@code onRelease}: each ledger says what releasing means. */
    static ChannelLease of(String trunkId, String callId, Runnable onRelease) {
        return new Held(trunkId, callId, onRelease);
    }

    /** The lease {@link #of} makes. */
    record Held(String trunkId, String callId, Runnable onRelease) implements ChannelLease {
        @Override
        public void release() {
            onRelease.run();
        }
    }
}
