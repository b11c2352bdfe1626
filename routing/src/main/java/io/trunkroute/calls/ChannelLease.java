package io.trunkroute.calls;

/**
 * One voice channel held on one trunk for one call. Released exactly once, whatever path the
 * call takes (answered, failed over, cancelled, timed out); releasing twice is harmless.
 */
public interface ChannelLease {

    String trunkId();

    String callId();

    void release();
}
