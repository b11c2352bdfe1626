package io.trunkroute.calls;

/**
 * A trunk's final answer to one INVITE of a call.
 *
 * @param code SIP status, or 0 when the trunk said nothing (timeout) or the INVITE could not be sent
 */
public record TrunkAttempt(String trunkId, int code, String reason) {
}
