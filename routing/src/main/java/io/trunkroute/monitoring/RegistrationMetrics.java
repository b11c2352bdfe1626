package io.trunkroute.monitoring;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.trunkroute.metrics.MeterNames;
import io.trunkroute.trunks.registration.RegistrationListener;
import io.trunkroute.trunks.registration.RegistrationState;
import io.trunkroute.trunks.registration.RegistrationStatus;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Publishes each trunk's registration as gauges (state, consecutive failures, expiry) and counts
 * state transitions, so the NOC can alert on "trunk not registered" and "failures climbing".
 */
public final class RegistrationMetrics implements RegistrationListener {

    private final MeterRegistry registry;
    private final Map<String, RegistrationStatus> latest = new ConcurrentHashMap<>();

    public RegistrationMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void onStatus(RegistrationStatus previous, RegistrationStatus current) {
        String trunk = current.trunkId();
        boolean first = latest.put(trunk, current) == null;
        Tags tags = Tags.of(MeterNames.TAG_TRUNK, trunk, MeterNames.TAG_TENANT, current.tenant());
        if (first) {
            Gauge.builder(MeterNames.REGISTRATION_STATE, latest, m -> value(m.get(trunk)))
                    .description("1 when the trunk is registered at its carrier").tags(tags).register(registry);
            Gauge.builder(MeterNames.REGISTRATION_CONSECUTIVE_FAILURES, latest,
                            m -> m.get(trunk) == null ? 0 : m.get(trunk).consecutiveFailures())
                    .description("failed REGISTER attempts in a row").tags(tags).register(registry);
            Gauge.builder(MeterNames.REGISTRATION_EXPIRY, latest, m -> expiry(m.get(trunk)))
                    .description("when the binding expires at the carrier (unix seconds)").baseUnit("seconds")
                    .tags(tags).register(registry);
        }
        if (previous == null || previous.state() != current.state()) {
            Counter.builder(MeterNames.REGISTRATION_TRANSITIONS).description("registration state changes")
                    .tags(tags.and(MeterNames.TAG_STATE, current.state().name())).register(registry).increment();
        }
    }

    private static double value(RegistrationStatus s) {
        return s == null ? 0 : s.state().gaugeValue();
    }

    private static double expiry(RegistrationStatus s) {
        return s == null || s.state() != RegistrationState.REGISTERED || s.registeredUntil() == null ? 0
                : s.registeredUntil().getEpochSecond();
    }
}
