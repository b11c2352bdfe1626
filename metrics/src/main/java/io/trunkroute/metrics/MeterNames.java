package io.trunkroute.metrics;

/**
 * Every meter name and tag key TrunkRoute publishes, in one place (Prometheus conventions: base
 * units, {@code _total} counters added by the registry, low-cardinality tags). Never a dialled
 * number or a password in a tag.
 */
public final class MeterNames {

    private MeterNames() {
    }

    /** 1 when the trunk is registered at its carrier, 0 otherwise. Tags: trunk, tenant. */
    public static final String REGISTRATION_STATE = "trunkroute.registration.state";
    /** Failed REGISTER attempts in a row (0 while registered). Tags: trunk, tenant. */
    public static final String REGISTRATION_CONSECUTIVE_FAILURES = "trunkroute.registration.consecutive.failures";
    /** Unix time (seconds) when the current binding expires at the carrier; 0 when none. Tags: trunk, tenant. */
    public static final String REGISTRATION_EXPIRY = "trunkroute.registration.expiry.timestamp.seconds";
    /** Registration state changes. Tags: trunk, tenant, state (the new state). */
    public static final String REGISTRATION_TRANSITIONS = "trunkroute.registration.transitions";

    public static final String TAG_TRUNK = "trunk";
    public static final String TAG_TENANT = "tenant";
    public static final String TAG_STATE = "state";
}
