package io.trunkroute.rules.route;

import io.trunkroute.rules.deck.RateMatch;
import io.trunkroute.trunks.model.Trunk;
import java.math.BigDecimal;
import java.util.List;

/**
 * Where a call goes and why: the normalised number, the ranked trunks with the prefix and rate
 * each matched and the rules that touched them, the trunks left out with the reason, and a block
 * when a rule barred the call. What {@code trunkroute explain} and {@code /api/v1/route} show.
 */
public record RouteDecision(String input, String e164, String invalidReason, int blockCode, String blockReason,
                            String blockedBy, List<Ranked> ranked, List<Excluded> excluded, List<String> callRules,
                            String policyVersion, long tookNanos) {

    /**
     * A trunk the call may use, in order.
     *
     * @param callerId the caller ID a rule chose for this trunk, or null for the trunk's main number
     */
    public record Ranked(Trunk trunk, RateMatch match, BigDecimal cost1Minute, BigDecimal cost5Minutes,
                         BigDecimal effectiveCost, List<String> rules, String callerId) {
    }

    /** A trunk of the tenant that will not carry this call, and why. */
    public record Excluded(String trunkId, String reason, List<String> rules) {
    }

    public RouteDecision {
        ranked = List.copyOf(ranked);
        excluded = List.copyOf(excluded);
        callRules = List.copyOf(callRules);
    }

    public boolean isValidNumber() {
        return e164 != null;
    }

    public boolean isBlocked() {
        return blockCode != 0;
    }

    /**
     * The SIP answer when the call cannot be routed: 484 for a number that cannot exist, the rule's
     * code when blocked, 404 when no trunk of the tenant has a rate for the number, 503 when every
     * rated trunk is unavailable; 0 when there is a route.
     */
    public int rejectCode() {
        if (!isValidNumber()) {
            return 484;
        }
        if (isBlocked()) {
            return blockCode;
        }
        if (ranked.isEmpty()) {
            return excluded.stream().anyMatch(e -> !e.reason().startsWith(NO_RATE)) ? 503 : 404;
        }
        return 0;
    }

    public String rejectReason() {
        return switch (rejectCode()) {
            case 0 -> null;
            case 484 -> "Address Incomplete: " + invalidReason;
            case 404 -> "No Route: no trunk has a rate for " + e164;
            case 503 -> "No Route Available: every trunk for " + e164 + " is excluded";
            default -> blockReason;
        };
    }

    static final String NO_RATE = "no rate for ";
}
