package io.trunkroute.calls;

import java.time.Instant;
import java.util.List;

/**
 * Everything known about one call when it ends: the source of its CDR and call metrics.
 *
 * @param attempts      every trunk tried, in order, with its final code (0 = no answer at all)
 * @param skipped       trunks passed over without an INVITE (no free channel, CPS) with the reason
 * @param answered      the candidate that answered, or null
 * @param nextRanked    the candidate ranked after the answering one (for the saving), or null
 * @param firstResponse when the first 18x reached us (post-dial delay), or null
 */
public record CallRecord(String callId, Direction direction, String tenant, String caller, String callee,
                         List<TrunkAttempt> attempts, List<String> skipped,
                         RouteCandidate answered, RouteCandidate nextRanked, Instant start, Instant firstResponse,
                         Instant answer, Instant end, int finalCode, String endReason) {

    public enum Direction { OUTBOUND, INBOUND }

    public CallRecord {
        attempts = List.copyOf(attempts);
        skipped = List.copyOf(skipped);
    }
}
