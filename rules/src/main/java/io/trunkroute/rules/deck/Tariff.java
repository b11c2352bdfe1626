package io.trunkroute.rules.deck;

import java.math.BigDecimal;

/**
 * How a destination is billed: rate per minute, connect fee, and the billing increments (the
 * first block and every next block, in seconds: 60/60 bills whole minutes, 1/1 per second).
 * Decks repeat a handful of tariffs over many prefixes, so tariffs are interned per deck.
 */
public record Tariff(BigDecimal ratePerMinute, BigDecimal connectFee, int incrementFirst, int incrementNext) {

    public Tariff {
        ratePerMinute = ratePerMinute.stripTrailingZeros();
        connectFee = connectFee.stripTrailingZeros();
    }

    /** What a call of {@code seconds} costs: connect fee + rate x billed minutes (6 decimals). */
    public BigDecimal costOf(int seconds) {
        if (seconds <= 0) {
            return BigDecimal.ZERO.setScale(6);
        }
        long billed = seconds <= incrementFirst ? incrementFirst
                : incrementFirst + ((seconds - incrementFirst + incrementNext - 1L) / incrementNext) * incrementNext;
        return ratePerMinute.multiply(BigDecimal.valueOf(billed))
                .divide(BigDecimal.valueOf(60), 6, java.math.RoundingMode.HALF_UP)
                .add(connectFee).setScale(6, java.math.RoundingMode.HALF_UP);
    }
}
