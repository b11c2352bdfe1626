package io.trunkroute.cdr;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Carrier billing of one answered call: duration rounded up to whole seconds, then to the deck's
 * increments (first block, then next blocks: 60/60 bills whole minutes, 1/1 per second), then
 * connect fee + rate per minute x billed minutes. Decimal all the way: money is never a double.
 */
public final class Billing {

    /** Cost scale: six decimals, like the deck rates. */
    public static final int SCALE = 6;

    private Billing() {
    }

    /** Billed seconds for a call of {@code durationMillis} (0 for an unanswered call). */
    public static int billedSeconds(long durationMillis, int incrementFirst, int incrementNext) {
        if (durationMillis <= 0) {
            return 0;
        }
        long seconds = (durationMillis + 999) / 1000;
        int first = Math.max(1, incrementFirst);
        int next = Math.max(1, incrementNext);
        if (seconds <= first) {
            return first;
        }
        long rest = seconds - first;
        return (int) (first + ((rest + next - 1) / next) * next);
    }

    /** connect fee + rate x billed seconds / 60; null when the call had no rate. */
    public static BigDecimal cost(BigDecimal ratePerMinute, BigDecimal connectFee, int billedSeconds) {
        if (ratePerMinute == null) {
            return null;
        }
        BigDecimal fee = connectFee == null || billedSeconds == 0 ? BigDecimal.ZERO : connectFee;
        return ratePerMinute.multiply(BigDecimal.valueOf(billedSeconds))
                .divide(BigDecimal.valueOf(60), SCALE, RoundingMode.HALF_UP)
                .add(fee).setScale(SCALE, RoundingMode.HALF_UP);
    }
}
