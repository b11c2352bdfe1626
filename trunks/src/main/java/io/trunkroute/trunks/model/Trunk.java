package io.trunkroute.trunks.model;

import java.util.List;
import java.util.Objects;

/**
 * One carrier trunk of one tenant: the SIP account a carrier (MCN Telecom, Telfin, ...) handed
 * out, plus what the engine needs to route over it. Immutable; a config reload builds new ones.
 *
 * @param id             unique, [a-z0-9-]
 * @param server         carrier host or domain; the digest realm comes from its challenge
 * @param outboundProxy  optional host[:port] every request is routed through
 * @param register       whether the engine keeps a registration (never for IP auth)
 * @param expires        requested registration lifetime in seconds; the carrier may grant another
 * @param channels       simultaneous calls the carrier sells; null = not limited by the engine
 * @param cps            new calls per second the carrier accepts; null = not limited
 * @param mainNumber     E.164 caller ID shown on outbound calls; null = keep the PBX's
 * @param dids           E.164 numbers the carrier delivers to this trunk (besides the main number)
 * @param tags           outbound flags the routing rules match on (ru-mobile, premium, ...)
 * @param priority       tie-breaker between equally priced trunks: lower wins, as in DNS SRV
 * @param failoverCodes  final responses after which a call goes on to the next trunk
 */
public record Trunk(String id, String tenant, String name, String server, int port, TrunkTransport transport,
                    String outboundProxy, TrunkAuth auth, boolean register, int expires, Integer channels,
                    Double cps, String mainNumber, List<String> dids, InviteFormat inviteFormat,
                    List<String> tags, int priority, boolean enabled, java.util.Set<Integer> failoverCodes) {

    /** "This carrier could not carry the call": RFC 3261 408, 480, 500, 502, 503, 504. */
    public static final java.util.Set<Integer> DEFAULT_FAILOVER_CODES = java.util.Set.of(408, 480, 500, 502, 503, 504);
    /** The callee's or caller's own answer: never a reason to try another carrier. */
    public static final java.util.Set<Integer> NEVER_FAILOVER_CODES = java.util.Set.of(486, 487, 600, 603, 604);

    /** A trunk with the default failover codes. */
    public Trunk(String id, String tenant, String name, String server, int port, TrunkTransport transport,
                 String outboundProxy, TrunkAuth auth, boolean register, int expires, Integer channels,
                 Double cps, String mainNumber, List<String> dids, InviteFormat inviteFormat,
                 List<String> tags, int priority, boolean enabled) {
        this(id, tenant, name, server, port, transport, outboundProxy, auth, register, expires, channels, cps,
                mainNumber, dids, inviteFormat, tags, priority, enabled, DEFAULT_FAILOVER_CODES);
    }

    public Trunk {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(inviteFormat, "inviteFormat");
        dids = List.copyOf(dids);
        tags = List.copyOf(tags);
        failoverCodes = java.util.Set.copyOf(failoverCodes);
    }

    /** True when the engine should keep this trunk registered right now. */
    public boolean wantsRegistration() {
        return enabled && register && auth instanceof TrunkAuth.Password;
    }

    /** The same trunk with another enabled flag (API enable/disable). */
    public Trunk withEnabled(boolean value) {
        return new Trunk(id, tenant, name, server, port, transport, outboundProxy, auth, register, expires,
                channels, cps, mainNumber, dids, inviteFormat, tags, priority, value, failoverCodes);
    }

    /**
     * True when {@code other} registers differently (server, account, transport, lifetime...): the
     * old binding must go and a new one be made. Changing tags or limits does not re-register.
     */
    public boolean registrationDiffers(Trunk other) {
        return !server.equals(other.server) || port != other.port || transport != other.transport
                || !Objects.equals(outboundProxy, other.outboundProxy) || !auth.equals(other.auth)
                || register != other.register || expires != other.expires;
    }

    @Override
    public String toString() {
        // Records print every component; auth holds a Secret whose toString is masked anyway.
        return "Trunk[" + id + ", tenant=" + tenant + ", server=" + server + ":" + port + "/" + transport.token()
                + ", enabled=" + enabled + "]";
    }
}
