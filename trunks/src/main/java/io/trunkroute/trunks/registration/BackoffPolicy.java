package io.trunkroute.trunks.registration;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter between failed REGISTERs: initial x multiplier^(n-1), capped,
 * then spread by +/- jitter so that trunks which failed together (carrier outage) do not retry
 * together. With the defaults (30 s, x2, 300 s, 20 %) a trunk with a wrong password sends at
 * most two attempts (four REGISTERs with the challenges) in its first minute.
 */
public record BackoffPolicy(Duration initial, double multiplier, Duration max, double jitter) {

    public static final BackoffPolicy DEFAULT = new BackoffPolicy(Duration.ofSeconds(30), 2.0,
            Duration.ofSeconds(300), 0.2);

    public BackoffPolicy {
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("backoff initial delay must be > 0");
        }
        if (multiplier < 1.0) {
            throw new IllegalArgumentException("backoff multiplier must be >= 1, was " + multiplier);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff max must be >= initial");
        }
        if (jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("backoff jitter must be in [0, 1), was " + jitter);
        }
    }

    /**
     * Delay before attempt number {@code failures + 1}.
     *
     * @param failures consecutive failures so far, at least 1
     * @param random   uniform in [0, 1)
     */
    public Duration delay(int failures, DoubleSupplier random) {
        double base = initial.toMillis() * Math.pow(multiplier, Math.max(0, failures - 1));
        double capped = Math.min(base, max.toMillis());
        double spread = capped * (1 - jitter + 2 * jitter * random.getAsDouble());
        return Duration.ofMillis(Math.max(1, Math.round(spread)));
    }
}
