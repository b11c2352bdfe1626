package io.trunkroute.api;

import io.trunkroute.trunks.model.Trunk;
import io.trunkroute.trunks.model.TrunkAuth;
import io.trunkroute.trunks.registration.RegistrationStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON shape of trunks and registrations, keyed like trunks.yaml (snake_case). Built field by
 * field, never by serialising the model, so a password cannot slip into a response.
 */
final class TrunkViews {

    private TrunkViews() {
    }

    static Map<String, Object> trunk(Trunk t, RegistrationStatus status) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("tenant", t.tenant());
        m.put("name", t.name());
        m.put("server", t.server());
        m.put("port", t.port());
        m.put("transport", t.transport().token());
        m.put("outbound_proxy", t.outboundProxy());
        m.put("auth", auth(t.auth()));
        m.put("register", t.register());
        m.put("expires", t.expires());
        m.put("channels", t.channels());
        m.put("cps", t.cps());
        m.put("main_number", t.mainNumber());
        m.put("dids", t.dids());
        m.put("invite_format", t.inviteFormat().name().toLowerCase(java.util.Locale.ROOT));
        m.put("tags", t.tags());
        m.put("priority", t.priority());
        m.put("enabled", t.enabled());
        m.put("registration", status == null ? null : registration(status));
        return m;
    }

    private static Map<String, Object> auth(TrunkAuth auth) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (auth instanceof TrunkAuth.Password p) {
            m.put("type", "password");
            m.put("username", p.username());
            m.put("auth_username", p.authUsername());
            // the password is never returned, not even masked: its length would leak too
        } else if (auth instanceof TrunkAuth.Ip ip) {
            m.put("type", "ip");
            m.put("allow", ip.allow().stream().map(Object::toString).toList());
        }
        return m;
    }

    static Map<String, Object> registration(RegistrationStatus s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("trunk", s.trunkId());
        m.put("tenant", s.tenant());
        m.put("server", s.server());
        m.put("state", s.state().name());
        m.put("registered_until", time(s.registeredUntil()));
        m.put("session_start", time(s.sessionStart()));
        m.put("last_attempt", time(s.lastAttempt()));
        m.put("last_response_code", s.lastResponseCode());
        m.put("last_response_reason", s.lastResponseReason());
        m.put("consecutive_failures", s.consecutiveFailures());
        m.put("next_attempt", time(s.nextAttempt()));
        m.put("requested_expires", s.requestedExpires());
        m.put("granted_expires", s.grantedExpires());
        return m;
    }

    private static String time(Instant i) {
        return i == null ? null : i.toString();
    }
}
