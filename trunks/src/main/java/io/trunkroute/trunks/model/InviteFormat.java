package io.trunkroute.trunks.model;

/**
 * How a trunk wants the dialled number in the Request-URI of an INVITE. Carriers differ:
 * MCN accepts {@code +74951234567}, others want the national form {@code 84951234567} or bare
 * digits {@code 74951234567}.
 */
public enum InviteFormat {
    /** {@code +74951234567} */
    E164,
    /** {@code 84951234567}: the national trunk prefix (8 in Russia) and the national number. */
    NATIONAL,
    /** {@code 74951234567}: E.164 without the plus. */
    DIGITS
}
