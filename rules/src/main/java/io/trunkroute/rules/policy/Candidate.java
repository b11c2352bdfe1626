package io.trunkroute.rules.policy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One trunk that has a rate for the number, as policy rules see it: the facts (tags, matched
 * prefix, rate, costs of a 1- and a 5-minute call, registration state, free channels, quality when
 * measured) and what the rules decided (exclude, penalize/boost, force), each decision recorded
 * with the rule that made it, for explain.
 *
 * @param channelsFree free channels on the trunk, -1 when the trunk has no limit
 * @param registration REGISTERED, FAILED, ... ; NOT_REQUIRED for IP trunks; OTHER_NODE when another
 *                     cluster node keeps it registered
 */
public final class Candidate {

    private final String trunk;
    private final String tenant;
    private final Set<String> tags;
    private final String prefix;
    private final String destination;
    private final BigDecimal rate;
    private final BigDecimal cost1Minute;
    private final BigDecimal cost5Minutes;
    private final String registration;
    private final int channelsFree;
    private final int priority;
    private final Double asr;

    private boolean excluded;
    private String exclusion;
    private BigDecimal adjustment = BigDecimal.ZERO;
    private boolean forced;
    private String callerId;
    private final List<String> firedRules = new ArrayList<>();

    public Candidate(String trunk, String tenant, Set<String> tags, String prefix, String destination, BigDecimal rate,
                     BigDecimal cost1Minute, BigDecimal cost5Minutes, String registration, int channelsFree,
                     int priority, Double asr) {
        this.trunk = trunk;
        this.tenant = tenant;
        this.tags = Set.copyOf(tags);
        this.prefix = prefix;
        this.destination = destination;
        this.rate = rate;
        this.cost1Minute = cost1Minute;
        this.cost5Minutes = cost5Minutes;
        this.registration = registration;
        this.channelsFree = channelsFree;
        this.priority = priority;
        this.asr = asr;
    }

    // --- decisions, called from DRL consequences ---

    /** Takes the trunk out of this call's ranking. The first exclusion's reason is kept. */
    public void exclude(String reason) {
        if (!excluded) {
            excluded = true;
            exclusion = reason;
        }
        firedRules.add(RuleContext.current() + ": excluded (" + reason + ")");
    }

    /** Makes the trunk look dearer by {@code amount} per minute in the ranking. */
    public void penalize(BigDecimal amount) {
        adjustment = adjustment.add(amount);
        firedRules.add(RuleContext.current() + ": +" + amount.toPlainString());
    }

    public void penalize(double amount) {
        penalize(BigDecimal.valueOf(amount));
    }

    /** Makes the trunk look cheaper by {@code amount} per minute in the ranking. */
    public void boost(BigDecimal amount) {
        adjustment = adjustment.subtract(amount);
        firedRules.add(RuleContext.current() + ": -" + amount.toPlainString());
    }

    public void boost(double amount) {
        boost(BigDecimal.valueOf(amount));
    }

    /** Puts the trunk first, ahead of cost (forced trunks rank among themselves by cost). */
    public void force() {
        forced = true;
        firedRules.add(RuleContext.current() + ": forced first");
    }

    /**
     * Presents {@code e164} as the caller ID (From / P-Asserted-Identity) on this trunk instead of the
     * trunk's main number, e.g. a tenant's regional number for calls into that region.
     */
    public void presentCallerId(String e164) {
        if (e164 == null || !e164.matches("\\+[1-9][0-9]{6,14}")) {
            throw new IllegalArgumentException("caller ID must be E.164 like +74956029613, was " + e164);
        }
        callerId = e164;
        firedRules.add(RuleContext.current() + ": caller ID " + e164);
    }

    public boolean hasTag(String tag) {
        return tags.contains(tag);
    }

    /** Cost of a one-minute call plus rule adjustments: what the ranking compares. */
    public BigDecimal getEffectiveCost() {
        return adjustment.signum() == 0 ? cost1Minute : cost1Minute.add(adjustment);
    }

    // --- facts (bean-style for DRL property constraints) ---

    public String getTrunk() {
        return trunk;
    }

    public String getTenant() {
        return tenant;
    }

    public Set<String> getTags() {
        return tags;
    }

    public String getPrefix() {
        return prefix;
    }

    public String getDestination() {
        return destination;
    }

    public BigDecimal getRate() {
        return rate;
    }

    public BigDecimal getCost1Minute() {
        return cost1Minute;
    }

    public BigDecimal getCost5Minutes() {
        return cost5Minutes;
    }

    public String getRegistration() {
        return registration;
    }

    public int getChannelsFree() {
        return channelsFree;
    }

    public int getPriority() {
        return priority;
    }

    public Double getAsr() {
        return asr;
    }

    public boolean isExcluded() {
        return excluded;
    }

    public String getExclusion() {
        return exclusion;
    }

    public BigDecimal getAdjustment() {
        return adjustment;
    }

    public boolean isForced() {
        return forced;
    }

    /** The caller ID a rule chose, or null for the trunk's main number. */
    public String getCallerId() {
        return callerId;
    }

    public List<String> getFiredRules() {
        return List.copyOf(firedRules);
    }

    @Override
    public String toString() {
        return "Candidate[" + trunk + " " + prefix + " @" + rate + (excluded ? " excluded: " + exclusion : "") + "]";
    }
}
