package io.trunkroute.cdr;

import io.trunkroute.calls.CallRecord;
import io.trunkroute.calls.RouteCandidate;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Collectors;

/**
 * A call detail record: one per PBX INVITE, whatever number of trunks it took. Besides the cost on
 * the trunk that carried the call it keeps what the same call would have cost on the trunk ranked
 * next, so every CDR shows what least-cost routing saved.
 */
public record Cdr(String callId, String direction, String tenant, String caller, String callee, String trunksTried,
                  String trunksSkipped, String answeredTrunk, String matchedPrefix, String currency, BigDecimal rate,
                  BigDecimal connectFee, Integer incrementFirst, Integer incrementNext, Instant startedAt,
                  Instant answeredAt, Instant endedAt, Long pddMillis, long durationMillis, int billedSeconds,
                  BigDecimal cost, String nextTrunk, BigDecimal nextCost, BigDecimal saving, int finalCode,
                  String endReason) {

    public static Cdr of(CallRecord r) {
        String tried = r.attempts().stream().map(a -> a.trunkId() + ":" + a.code()).collect(Collectors.joining(","));
        String skipped = r.skipped().isEmpty() ? null : String.join("; ", r.skipped());
        long duration = r.answer() == null ? 0 : Duration.between(r.answer(), r.end()).toMillis();
        Long pdd = r.firstResponse() == null ? null : Duration.between(r.start(), r.firstResponse()).toMillis();
        RouteCandidate a = r.answered();
        if (a == null) {
            return new Cdr(r.callId(), r.direction().name(), r.tenant(), r.caller(), r.callee(), tried, skipped, null,
                    null, null, null, null, null, null, r.start(), null, r.end(), pdd, 0, 0, null, null, null, null,
                    r.finalCode(), r.endReason());
        }
        int billed = Billing.billedSeconds(duration, a.incrementFirst(), a.incrementNext());
        BigDecimal cost = Billing.cost(a.ratePerMinute(), a.connectFee(), billed);
        RouteCandidate n = r.nextRanked();
        BigDecimal nextCost = null;
        if (n != null && n.ratePerMinute() != null && (a.currency() == null || a.currency().equals(n.currency()))) {
            nextCost = Billing.cost(n.ratePerMinute(), n.connectFee(),
                    Billing.billedSeconds(duration, n.incrementFirst(), n.incrementNext()));
        }
        BigDecimal saving = cost != null && nextCost != null ? nextCost.subtract(cost) : null;
        return new Cdr(r.callId(), r.direction().name(), r.tenant(), r.caller(), r.callee(), tried, skipped,
                a.trunk().id(), a.matchedPrefix(), a.currency(), a.ratePerMinute(), a.connectFee(),
                a.ratePerMinute() == null ? null : a.incrementFirst(), a.ratePerMinute() == null ? null : a.incrementNext(),
                r.start(), r.answer(), r.end(), pdd, duration, billed, cost, n == null ? null : n.trunk().id(), nextCost,
                saving, r.finalCode(), r.endReason());
    }
}
