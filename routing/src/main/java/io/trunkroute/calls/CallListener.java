package io.trunkroute.calls;

/** Told about call events: CDRs and call metrics hang here. Must not block. */
public interface CallListener {

    /** A trunk answered an INVITE with a final response (code 0: none, timeout or transport error). */
    default void onAttempt(String tenant, String trunkId, int code, boolean failedOver) {
    }

    void onCallEnded(CallRecord record);

    /** An INVITE refused before any trunk was tried (reason is low-cardinality: not_pbx, blocked, ...). */
    default void onRefused(String reason, int code) {
    }

    /** A trunk was passed over for a call because the ledger refused a channel. */
    default void onChannelRefused(String trunkId, ChannelLedger.Refusal kind) {
    }

    /** How long the routing decision for one call took. */
    default void onDecision(java.time.Duration took) {
    }
}
