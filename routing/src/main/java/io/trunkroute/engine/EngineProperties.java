package io.trunkroute.engine;

import io.trunkroute.cluster.ClusterSettings;
import io.trunkroute.trunks.registration.BackoffPolicy;
import io.trunkroute.trunks.registration.RegistrationSettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.camel.util.TimeUtils;

/**
 * The engine's own configuration keys ({@code trunkroute.*} in config/application.properties),
 * read through Camel's property placeholders so files, system properties and environment all work.
 * Every key and its default is listed in {@link #DEFAULTS} and in routing/README.md.
 */
final class EngineProperties {

    /** Key -> default. Camel keys (camel.server.*, camel.component.sip.*) are defaults too. */
    static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

    static {
        DEFAULTS.put("camel.main.name", "TrunkRoute");
        DEFAULTS.put("camel.server.enabled", "true");
        DEFAULTS.put("camel.server.host", "127.0.0.1");
        DEFAULTS.put("camel.server.port", "8080");
        DEFAULTS.put("camel.component.sip.bind-address", "127.0.0.1");
        DEFAULTS.put("camel.component.sip.port", "5060");
        // Registration loop (trunks/README.md explains each).
        DEFAULTS.put("trunkroute.registration.refresh-min-fraction", "0.80");
        DEFAULTS.put("trunkroute.registration.refresh-max-fraction", "0.90");
        DEFAULTS.put("trunkroute.registration.backoff-initial", "30s");
        DEFAULTS.put("trunkroute.registration.backoff-multiplier", "2.0");
        DEFAULTS.put("trunkroute.registration.backoff-max", "300s");
        DEFAULTS.put("trunkroute.registration.backoff-jitter", "0.2");
        DEFAULTS.put("trunkroute.registration.startup-rate", "20");
        DEFAULTS.put("trunkroute.registration.request-timeout", "32s");
        DEFAULTS.put("trunkroute.registration.shutdown-timeout", "5s");
        // Trunk file: reloaded when it changes (checked every watch-interval; 0 turns watching off).
        DEFAULTS.put("trunkroute.trunks.watch-interval", "2s");
        // Call path timers (routing/README.md).
        DEFAULTS.put("trunkroute.calls.trying-timeout", "4s");
        DEFAULTS.put("trunkroute.calls.ring-timeout", "120s");
        DEFAULTS.put("trunkroute.calls.max-duration", "4h");
        DEFAULTS.put("trunkroute.calls.ack-timeout", "32s");
        // Cluster (Hazelcast, routing/README.md). No members = a cluster of one.
        DEFAULTS.put("trunkroute.cluster.name", "trunkroute");
        DEFAULTS.put("trunkroute.cluster.bind-address", "127.0.0.1");
        DEFAULTS.put("trunkroute.cluster.port", "5701");
        DEFAULTS.put("trunkroute.cluster.members", "");
        DEFAULTS.put("trunkroute.cluster.lease-ttl", "30s");
        DEFAULTS.put("trunkroute.cluster.heartbeat-timeout", "10s");
        // CDR database: empty url = embedded H2 file under the data directory.
        DEFAULTS.put("trunkroute.db.user", "sa");
        DEFAULTS.put("trunkroute.cdr.queue-capacity", "10000");
    }

    private final Function<String, Optional<String>> source;

    EngineProperties(Function<String, Optional<String>> source) {
        this.source = source;
    }

    String get(String key) {
        return source.apply(key).or(() -> Optional.ofNullable(DEFAULTS.get(key)))
                .orElseThrow(() -> new IllegalArgumentException("missing configuration key " + key));
    }

    Optional<String> optional(String key) {
        return source.apply(key).filter(s -> !s.isBlank());
    }

    Duration duration(String key) {
        String v = get(key);
        try {
            return Duration.ofMillis(TimeUtils.toMilliSeconds(v));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(key + " must be a duration like 30s, 5m or 500ms, was '" + v + "'", e);
        }
    }

    double decimal(String key) {
        String v = get(key);
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, was '" + v + "'", e);
        }
    }

    ClusterSettings clusterSettings() {
        java.util.List<String> members = java.util.Arrays.stream(get("trunkroute.cluster.members").split(","))
                .map(String::trim).filter(m -> !m.isEmpty()).toList();
        int min = optional("trunkroute.cluster.min-members").map(v -> (int) decimal("trunkroute.cluster.min-members"))
                .orElse(ClusterSettings.majorityOf(members));
        return new ClusterSettings(get("trunkroute.cluster.name"), get("trunkroute.cluster.bind-address"),
                (int) decimal("trunkroute.cluster.port"), members, min, duration("trunkroute.cluster.lease-ttl"),
                duration("trunkroute.cluster.heartbeat-timeout"),
                optional("trunkroute.cluster.kubernetes-service-dns").orElse(null));
    }

    RegistrationSettings registrationSettings() {
        BackoffPolicy backoff = new BackoffPolicy(duration("trunkroute.registration.backoff-initial"),
                decimal("trunkroute.registration.backoff-multiplier"), duration("trunkroute.registration.backoff-max"),
                decimal("trunkroute.registration.backoff-jitter"));
        return new RegistrationSettings(decimal("trunkroute.registration.refresh-min-fraction"),
                decimal("trunkroute.registration.refresh-max-fraction"), backoff,
                decimal("trunkroute.registration.startup-rate"), duration("trunkroute.registration.request-timeout"),
                duration("trunkroute.registration.shutdown-timeout"));
    }
}
