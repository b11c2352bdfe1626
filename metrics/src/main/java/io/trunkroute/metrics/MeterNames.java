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

    /** Voice channels held on a trunk right now. Tags: trunk, tenant. */
    public static final String CHANNELS_IN_USE = "trunkroute.channels.in.use";
    /** The trunk's channel limit (absent for unlimited trunks). Tags: trunk, tenant. */
    public static final String CHANNELS_LIMIT = "trunkroute.channels.limit";
    /** INVITEs sent to trunks, by outcome (answered, failover, rejected, no_answer). Tags: trunk, tenant, outcome. */
    public static final String CALL_ATTEMPTS = "trunkroute.call.attempts";
    /** Failovers away from a trunk, by the code that caused them (0 = silence). Tags: from_trunk, code. */
    public static final String FAILOVERS = "trunkroute.failovers";
    /** Calls ended, by direction and result (answered, failed, cancelled). Tags: tenant, direction, result. */
    public static final String CALLS = "trunkroute.calls";
    /** INVITEs refused before routing (toll-fraud guard, policy block, bad number). Tags: reason. */
    public static final String CALLS_REFUSED = "trunkroute.calls.refused";
    /** Calls in progress on this node. */
    public static final String CALLS_ACTIVE = "trunkroute.calls.active";
    /** Post-dial delay: INVITE in to first ringing (or answer). Tags: trunk. */
    public static final String PDD = "trunkroute.pdd";
    /** Duration of answered calls (ACD = sum / count). Tags: trunk. */
    public static final String CALL_DURATION = "trunkroute.call.duration";
    /** Trunks passed over because no channel was granted. Tags: trunk, reason (limit, cps, minority, unavailable). */
    public static final String CHANNEL_REFUSALS = "trunkroute.channel.refusals";
    /** Time to normalise, rank and apply policy for one call. */
    public static final String ROUTE_DECISION = "trunkroute.route.decision";
    /** CDRs written / dropped. Tags: result. */
    public static final String CDRS = "trunkroute.cdrs";

    /** Counter: INVITEs and CANCELs received over UDP and dropped unparsed, having waited too long for a worker. */
    public static final String SIP_INVITES_SHED = "trunkroute.sip.invites.shed";
    /** Gauge: datagrams received over UDP and waiting for a SIP worker. */
    public static final String SIP_QUEUED_DATAGRAMS = "trunkroute.sip.queued.datagrams";
    /** Counter: UDP datagrams the node could not send (its send queue full, or refused by the kernel). */
    public static final String SIP_UDP_SENDS_FAILED = "trunkroute.sip.udp.sends.failed";

    public static final String TAG_TRUNK = "trunk";
    public static final String TAG_FROM_TRUNK = "from_trunk";
    public static final String TAG_CODE = "code";
    public static final String TAG_OUTCOME = "outcome";
    public static final String TAG_DIRECTION = "direction";
    public static final String TAG_RESULT = "result";
    public static final String TAG_REASON = "reason";
    public static final String TAG_TENANT = "tenant";
    public static final String TAG_STATE = "state";
}
