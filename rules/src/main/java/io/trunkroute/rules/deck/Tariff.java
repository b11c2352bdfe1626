package io.trunkroute.rules.deck;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * How a destination is billed: rate per minute, connect fee, and the billing increments (the
 * first block and every next block, in seconds: 60/60 bills whole minutes, 1/1 per second).
 * Decks repeat a handful of tariffs over many prefixes, so tariffs are interned per deck; that is
 * also why the costs of the 1- and 5-minute calls the policy rules see are remembered here instead
 * of being computed again for every call.
 */
public final class Tariff {

    private final BigDecimal ratePerMinute;
    private final BigDecimal connectFee;
    private final int incrementFirst;
    private final int incrementNext;
    /** Computed on first use; a race computes the same immutable value twice, which is harmless. */
    private BigDecimal cost1Minute;
    private BigDecimal cost5Minutes;

    public Tariff(BigDecimal ratePerMinute, BigDecimal connectFee, int incrementFirst, int incrementNext) {
        this.ratePerMinute = ratePerMinute.stripTrailingZeros();
        this.connectFee = connectFee.stripTrailingZeros();
        this.incrementFirst = incrementFirst;
        this.incrementNext = incrementNext;
    }

    public BigDecimal ratePerMinute() {
        return ratePerMinute;
    }

    public BigDecimal connectFee() {
        return connectFee;
    }

    public int incrementFirst() {
        return incrementFirst;
    }

    public int incrementNext() {
        return incrementNext;
    }

    /** What a call of {@code seconds} costs: connect fee + rate x billed minutes (6 decimals). */
    public BigDecimal costOf(int seconds) {
        if (seconds <= 0) {
            return BigDecimal.ZERO.setScale(6);
        }
        long billed = seconds <= incrementFirst ? incrementFirst
                : incrementFirst + ((seconds - incrementFirst + incrementNext - 1L) / incrementNext) * incrementNext;
        return ratePerMinute.multiply(BigDecimal.valueOf(billed))
                .divide(BigDecimal.valueOf(60), 6, RoundingMode.HALF_UP)
                .add(connectFee).setScale(6, RoundingMode.HALF_UP);
    }

    /** {@code costOf(60)}, remembered. */
    public BigDecimal cost1Minute() {
        BigDecimal c = cost1Minute;
        if (c == null) {
            cost1Minute = c = costOf(60);
        }
        return c;
    }

    /** {@code costOf(300)}, remembered. */
    public BigDecimal cost5Minutes() {
        BigDecimal c = cost5Minutes;
        if (c == null) {
            cost5Minutes = c = costOf(300);
        }
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tariff t && ratePerMinute.equals(t.ratePerMinute) && connectFee.equals(t.connectFee)
                && incrementFirst == t.incrementFirst && incrementNext == t.incrementNext;
    }

    @Override
    public int hashCode() {
        // Hashed once per imported row (tariffs are interned): no varargs array, no boxing.
        return ((ratePerMinute.hashCode() * 31 + connectFee.hashCode()) * 31 + incrementFirst) * 31 + incrementNext;
    }

    @Override
    public String toString() {
        return "Tariff[ratePerMinute=" + ratePerMinute + ", connectFee=" + connectFee + ", incrementFirst="
                + incrementFirst + ", incrementNext=" + incrementNext + "]";
    }
}
