package io.trunkroute.trunks.registration;

import java.time.Instant;

/**
 * An immutable snapshot of one trunk's registration: the fields a carrier's cabinet shows
 * (registered until, session start, last response) plus what an operator needs to see a retry
 * storm coming (consecutive failures, next attempt).
 *
 * @param registeredUntil    when the current binding expires at the carrier (granted, not requested)
 * @param sessionStart       when the current uninterrupted registration began
 * @param lastAttempt        when the last REGISTER (or de-REGISTER) was sent
 * @param lastResponseCode   final SIP status of the last attempt; null when it got none (timeout)
 * @param lastResponseReason reason phrase, or what happened instead of a response
 * @param nextAttempt        when the next REGISTER is scheduled (refresh or retry); null if none
 */
public record RegistrationStatus(String trunkId, String tenant, String server, RegistrationState state,
                                 Instant registeredUntil, Instant sessionStart, Instant lastAttempt,
                                 Integer lastResponseCode, String lastResponseReason, int consecutiveFailures,
                                 Instant nextAttempt, Integer requestedExpires, Integer grantedExpires) {

    static RegistrationStatus initial(String trunkId, String tenant, String server, RegistrationState state) {
        return new RegistrationStatus(trunkId, tenant, server, state, null, null, null, null, null, 0, null,
                null, null);
    }

    RegistrationStatus withState(RegistrationState s) {
        return new RegistrationStatus(trunkId, tenant, server, s, registeredUntil, sessionStart, lastAttempt,
                lastResponseCode, lastResponseReason, consecutiveFailures, nextAttempt, requestedExpires,
                grantedExpires);
    }

    RegistrationStatus attempted(RegistrationState s, Instant at, int requested) {
        return new RegistrationStatus(trunkId, tenant, server, s, registeredUntil, sessionStart, at,
                lastResponseCode, lastResponseReason, consecutiveFailures, null, requested, grantedExpires);
    }

    RegistrationStatus registered(Instant until, Instant session, Integer code, String reason, int granted,
                                  Instant next) {
        return new RegistrationStatus(trunkId, tenant, server, RegistrationState.REGISTERED, until, session,
                lastAttempt, code, reason, 0, next, requestedExpires, granted);
    }

    RegistrationStatus failed(Integer code, String reason, int failures, Instant next) {
        return new RegistrationStatus(trunkId, tenant, server, RegistrationState.FAILED, null, null, lastAttempt,
                code, reason, failures, next, requestedExpires, null);
    }

    RegistrationStatus answered(RegistrationState s, Integer code, String reason) {
        return new RegistrationStatus(trunkId, tenant, server, s, null, null, lastAttempt, code, reason,
                consecutiveFailures, null, requestedExpires, null);
    }
}
