package io.trunkroute.trunks.registration;

import java.time.Duration;

/**
 * Tuning of the registration loop. Each value is a {@code trunkroute.registration.*} key in
 * config/application.properties (see trunks/README.md).
 *
 * @param refreshMinFraction refresh no earlier than this share of the granted lifetime (0.80)
 * @param refreshMaxFraction refresh no later than this share (0.90); the point is random in between
 *                           so trunks registered together drift apart
 * @param startupRate        REGISTERs per second at start-up; trunks are spread instead of a burst
 * @param requestTimeout     how long one REGISTER transaction may wait for a final response
 * @param shutdownTimeout    how long shutdown waits for de-registrations
 */
public record RegistrationSettings(double refreshMinFraction, double refreshMaxFraction, BackoffPolicy backoff,
                                   double startupRate, Duration requestTimeout, Duration shutdownTimeout) {

    public static final RegistrationSettings DEFAULT = new RegistrationSettings(0.80, 0.90, BackoffPolicy.DEFAULT,
            20.0, Duration.ofSeconds(32), Duration.ofSeconds(5));

    public RegistrationSettings {
        if (!(refreshMinFraction > 0 && refreshMinFraction <= refreshMaxFraction && refreshMaxFraction < 1)) {
            throw new IllegalArgumentException("refresh fractions must satisfy 0 < min <= max < 1, were "
                    + refreshMinFraction + " and " + refreshMaxFraction);
        }
        if (!(startupRate > 0)) {
            throw new IllegalArgumentException("startup rate must be > 0 REGISTERs per second");
        }
    }

    public RegistrationSettings withBackoff(BackoffPolicy b) {
        return new RegistrationSettings(refreshMinFraction, refreshMaxFraction, b, startupRate, requestTimeout,
                shutdownTimeout);
    }

    public RegistrationSettings withRequestTimeout(Duration d) {
        return new RegistrationSettings(refreshMinFraction, refreshMaxFraction, backoff, startupRate, d,
                shutdownTimeout);
    }
}
