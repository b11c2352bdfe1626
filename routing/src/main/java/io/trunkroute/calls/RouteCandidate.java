package io.trunkroute.calls;

import io.trunkroute.trunks.model.Trunk;
import java.math.BigDecimal;

/**
 * One trunk to try for a call, with what the rate deck said about the number on it.
 *
 * @param trunk          the trunk whose channel the call takes (and whose failover codes apply)
 * @param target         where the INVITE goes: the trunk's carrier, or the tenant's PBX for inbound
 * @param requestUser    the dialled number in the trunk's invite format (Request-URI user part)
 * @param callerUser     the caller ID to present (From / P-Asserted-Identity user), in the trunk's format
 * @param matchedPrefix  longest deck prefix that matched, or null (inbound calls)
 * @param ratePerMinute  deck rate, or null when unrated
 */
public record RouteCandidate(Trunk trunk, Target target, String requestUser, String callerUser, String matchedPrefix,
                             BigDecimal ratePerMinute, BigDecimal connectFee, int incrementFirst, int incrementNext,
                             String currency) {
}
