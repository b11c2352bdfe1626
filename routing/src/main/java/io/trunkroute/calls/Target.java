package io.trunkroute.calls;

import io.trunkroute.sip.auth.DigestCredentials;
import io.trunkroute.trunks.model.Trunk;
import io.trunkroute.trunks.model.TrunkAuth;

/**
 * Where an INVITE goes: a carrier trunk's server (outbound) or a tenant's PBX (inbound).
 *
 * @param credentials answer 401/407 with these; null when the far end does not challenge us
 * @param contactUser user part of our Contact (the trunk's account, so the carrier recognises it)
 */
public record Target(String host, int port, String transport, String outboundProxy, DigestCredentials credentials,
                     String contactUser) {

    public static Target of(Trunk t) {
        DigestCredentials creds = t.auth() instanceof TrunkAuth.Password p
                ? new DigestCredentials(p.username(), p.authUsername(), p.password().reveal()) : null;
        String proxy = t.outboundProxy() == null ? null
                : t.outboundProxy().startsWith("sip") ? t.outboundProxy() : "sip:" + t.outboundProxy();
        return new Target(t.server(), t.port(), t.transport().token(), proxy, creds,
                creds != null ? creds.username() : null);
    }

    /** host with IPv6 brackets when needed, for URIs. */
    public String uriHost() {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    @Override
    public String toString() {
        return host + ":" + port + "/" + transport;
    }
}
