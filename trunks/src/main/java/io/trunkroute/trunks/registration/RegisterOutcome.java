package io.trunkroute.trunks.registration;

/** What came of a {@link RegisterAttempt}: a final response, or none. */
public sealed interface RegisterOutcome permits RegisterOutcome.Answered, RegisterOutcome.Unanswered {

    /**
     * @param grantedExpires the lifetime the registrar granted our contact (200 only; null if not said)
     * @param minExpires     Min-Expires of a 423
     * @param retryAfter     Retry-After seconds of a 503/500, when present
     * @param lastCSeq       the CSeq of the last request sent (digest retries raise it)
     */
    record Answered(int code, String reason, Integer grantedExpires, Integer minExpires, Integer retryAfter,
                    long lastCSeq) implements RegisterOutcome {
    }

    /** Timeout or transport failure: the carrier said nothing. */
    record Unanswered(boolean timeout, String detail) implements RegisterOutcome {
    }
}
