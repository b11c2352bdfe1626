package io.trunkroute.calls;

import java.time.Duration;

/**
 * Timers of the call path ({@code trunkroute.calls.*} keys, routing/README.md).
 *
 * @param tryingTimeout no response at all from a carrier within this: fail over (RFC 3261 Timer B
 *                      is 32 s; a carrier that cannot say 100 Trying in seconds is not carrying calls)
 * @param ringTimeout   no answer within this after ringing: CANCEL, and the PBX gets 480
 * @param maxDuration   an answered call is torn down (BYE both ways) after this, so no call and no
 *                      channel outlives its dialog even when both ends vanished
 * @param ackTimeout    the PBX must ACK our 200 within this (RFC 3261 64*T1), else both legs get BYE
 */
public record CallSettings(Duration tryingTimeout, Duration ringTimeout, Duration maxDuration, Duration ackTimeout) {

    public static final CallSettings DEFAULT = new CallSettings(Duration.ofSeconds(4), Duration.ofSeconds(120),
            Duration.ofHours(4), Duration.ofSeconds(32));
}
