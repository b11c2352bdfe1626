package io.trunkroute.testpeers;

import java.time.Duration;

/**
 * A tenant's PBX, played by SIPp: places calls through the engine (UAC) or receives inbound ones
 * (UAS). Each call run is bounded in calls and time and stops by itself.
 */
public final class PbxPeer {

    private final String address;
    private final String caller;

    /**
     * @param address the PBX's signalling address (the tenant's pbx entry in tenants.yaml)
     * @param caller  the extension in the From header
     */
    public PbxPeer(String address, String caller) {
        this.address = address;
        this.caller = caller;
    }

    public String address() {
        return address;
    }

    /** One or more calls to {@code number} that must be answered with SDP s={@code expectSdp}, then hung up. */
    public SippRun call(String engine, String number, int calls, long talkMs, String expectSdp, Duration limit) {
        return SippRun.scenario("pbx-" + number, "pbx-call.xml").localAddress(address).remote(engine)
                .param("CALLER", caller).param("TALK_MS", talkMs).param("EXPECT_SDP", expectSdp)
                .args("-s", number).calls(calls).timeLimit(limit).start();
    }

    /**
     * One call with a delayed offer: INVITE without SDP; the 200 must carry the callee's offer
     * (s={@code expectSdp}), and the ACK carries the PBX's answer (s=pbx-answer).
     */
    public SippRun callWithDelayedOffer(String engine, String number, String expectSdp, long talkMs, Duration limit) {
        return delayedOffer(engine, number, expectSdp, talkMs, "reinvite", limit);
    }

    /** Like {@link #callWithDelayedOffer} without the re-INVITE: the BYE follows the talk. */
    public SippRun callWithDelayedOfferOnlyInTheInvite(String engine, String number, String expectSdp, long talkMs,
            Duration limit) {
        return delayedOffer(engine, number, expectSdp, talkMs, "hangup", limit);
    }

    private SippRun delayedOffer(String engine, String number, String expectSdp, long talkMs, String afterTalk,
            Duration limit) {
        return SippRun.scenario("pbx-delayed-" + number, "pbx-call-delayed-offer.xml").localAddress(address)
                .remote(engine).param("CALLER", caller).param("TALK_MS", talkMs).param("EXPECT_SDP", expectSdp)
                .param("AFTER_TALK", afterTalk).args("-s", number).calls(1).timeLimit(limit).start();
    }

    /**
     * One call whose re-INVITE, without SDP, gets a 200 with the callee's offer
     * (s={@code expectSdp}-reinvite) that this PBX never ACKs; {@code waitMs} later it hangs up.
     */
    public SippRun callLeavingAReInviteUnacked(String engine, String number, String expectSdp, long waitMs,
            Duration limit) {
        return SippRun.scenario("pbx-unacked-" + number, "pbx-reinvite-never-acked.xml").localAddress(address)
                .remote(engine).param("CALLER", caller).param("TALK_MS", 500).param("WAIT_MS", waitMs)
                .param("EXPECT_SDP", expectSdp).args("-s", number).calls(1).timeLimit(limit).start();
    }

    /**
     * One call whose PBX sends an INFO right after its ACK and then stays quiet for {@code quietMs}
     * before the BYE; any message during the quiet (the INVITE's 200 repeated) fails the call.
     */
    public SippRun callWithInfoRightAfterTheAck(String engine, String number, String expectSdp, long quietMs,
            Duration limit) {
        return SippRun.scenario("pbx-info-" + number, "pbx-call-info-at-once.xml").localAddress(address)
                .remote(engine).param("CALLER", caller).param("TALK_MS", quietMs).param("EXPECT_SDP", expectSdp)
                .args("-s", number).calls(1).timeLimit(limit).start();
    }

    /**
     * One call whose INVITE comes again, unchanged (same branch), {@code repeatMs} after the ACK,
     * as a retransmission would; any message in the {@code quietMs} after it fails the call, then
     * it hangs up.
     */
    public SippRun callRepeatingTheInvite(String engine, String number, String expectSdp, long repeatMs, long quietMs,
            Duration limit) {
        return repeatingTheInvite("pbx-invite-repeated.xml", engine, number, expectSdp, 0, repeatMs, quietMs, limit);
    }

    /**
     * One call hung up after {@code talkMs}; {@code repeatMs} after the BYE's 200 its INVITE comes
     * again, unchanged, as a delayed copy would; any message in the {@code quietMs} after it fails.
     */
    public SippRun callThenRepeatTheInvite(String engine, String number, String expectSdp, long talkMs, long repeatMs,
            long quietMs, Duration limit) {
        return repeatingTheInvite("pbx-invite-repeated-after-bye.xml", engine, number, expectSdp, talkMs, repeatMs,
                quietMs, limit);
    }

    private SippRun repeatingTheInvite(String scenario, String engine, String number, String expectSdp, long talkMs,
            long repeatMs, long quietMs, Duration limit) {
        return SippRun.scenario("pbx-repeat-" + number, scenario).localAddress(address).remote(engine)
                .param("CALLER", caller).param("TALK_MS", talkMs).param("REPEAT_MS", repeatMs)
                .param("QUIET_MS", quietMs).param("EXPECT_SDP", expectSdp).args("-s", number).calls(1)
                .timeLimit(limit).start();
    }

    /** Like {@link #callWithDelayedOffer}, with the re-INVITE's ACK (and its answer) sent just after the BYE. */
    public SippRun callWithDelayedOfferAckAfterBye(String engine, String number, String expectSdp, long talkMs,
            Duration limit) {
        return SippRun.scenario("pbx-delayed-bye-" + number, "pbx-call-delayed-offer-bye-first.xml")
                .localAddress(address).remote(engine).param("CALLER", caller).param("TALK_MS", talkMs)
                .param("EXPECT_SDP", expectSdp).args("-s", number).calls(1).timeLimit(limit).start();
    }

    /** Like {@link #call} with {@code concurrent} calls in flight at once. */
    public SippRun concurrentCalls(String engine, String number, int calls, int concurrent, long talkMs,
                                   String expectSdp, Duration limit) {
        return SippRun.scenario("pbx-" + number, "pbx-call.xml").localAddress(address).remote(engine)
                .param("CALLER", caller).param("TALK_MS", talkMs).param("EXPECT_SDP", expectSdp)
                .args("-s", number, "-l", Integer.toString(concurrent), "-r", Integer.toString(concurrent))
                .calls(calls).timeLimit(limit).start();
    }

    /** A call with a re-INVITE (hold) and an INFO after the answer; both must come back answered. */
    public SippRun callWithMidCallRequests(String engine, String number, String expectSdp, Duration limit) {
        return callWithMidCallRequests(engine, number, expectSdp, 0, limit);
    }

    /** Like {@link #callWithMidCallRequests}, with {@code quietMs} between the INFO's answer and the BYE. */
    public SippRun callWithMidCallRequests(String engine, String number, String expectSdp, long quietMs,
            Duration limit) {
        return SippRun.scenario("pbx-reinvite", "pbx-call-reinvite.xml").localAddress(address).remote(engine)
                .param("CALLER", caller).param("TALK_MS", 300).param("QUIET_MS", quietMs)
                .param("EXPECT_SDP", expectSdp).args("-s", number).calls(1).timeLimit(limit).start();
    }

    /**
     * Load on a limited trunk: {@code calls} calls, {@code concurrent} at a time; each is answered
     * (talks {@code talkMs}) or refused with 503 — both count as handled.
     */
    public SippRun callsOrBusy(String engine, String number, int calls, int concurrent, long talkMs, Duration limit) {
        return SippRun.scenario("pbx-load-" + number, "pbx-call-or-busy.xml").localAddress(address).remote(engine)
                .param("CALLER", caller).param("TALK_MS", talkMs)
                .args("-s", number, "-l", Integer.toString(concurrent), "-r", Integer.toString(concurrent))
                .calls(calls).timeLimit(limit).start();
    }

    /** A call that must be answered with final response {@code code}. */
    public SippRun callExpecting(String engine, String number, int code, Duration limit) {
        return SippRun.scenario("pbx-" + code, "pbx-call-rejected.xml").localAddress(address).remote(engine)
                .param("CALLER", caller).param("EXPECT", code).args("-s", number).calls(1).timeLimit(limit).start();
    }

    /** A call cancelled {@code ringMs} after the 180: expects 200 to the CANCEL and 487. */
    public SippRun cancelWhileRinging(String engine, String number, long ringMs, Duration limit) {
        return SippRun.scenario("pbx-cancel", "pbx-cancel.xml").localAddress(address).remote(engine)
                .param("CALLER", caller).param("RING_MS", ringMs).args("-s", number).calls(1).timeLimit(limit).start();
    }

    /** A call the far end hangs up: expects a BYE. */
    public SippRun callUntilCalleeHangsUp(String engine, String number, Duration limit) {
        return SippRun.scenario("pbx-wait-bye", "pbx-call-callee-hangs-up.xml").localAddress(address).remote(engine)
                .param("CALLER", caller).args("-s", number).calls(1).timeLimit(limit).start();
    }

    /**
     * Plays a carrier calling one of a trunk's DIDs that challenges the BYE ending the call (401,
     * {@code realm}). Passes only if that BYE comes again with valid digest credentials of
     * {@code user} / {@code password}.
     */
    public SippRun callChallengingTheBye(String engine, String number, String realm, String user, String password,
            Duration limit) {
        return SippRun.scenario("carrier-bye-auth", "carrier-call-challenges-bye.xml").localAddress(address)
                .remote(engine).param("CALLER", caller).param("REALM", realm).param("AUTH_USER", user)
                .param("AUTH_PASSWORD", password).args("-s", number).calls(1).timeLimit(limit).start();
    }

    /** Receives one inbound call on {@code port}, answers, and hangs up after {@code talkMs}. */
    public SippRun answerInboundAndHangUp(int port, long talkMs, Duration limit) {
        return SippRun.scenario("pbx-inbound-bye", "callee-hangs-up.xml").localAddress(address).localPort(port)
                .param("NAME", "pbx-inbound").param("TALK_MS", talkMs).calls(1).timeLimit(limit).start();
    }

    /** Receives {@code calls} inbound calls on {@code port}: rings, answers, waits for the BYE. */
    public SippRun answerInbound(int port, int calls, Duration limit) {
        return SippRun.scenario("pbx-inbound", "pbx-callee.xml").localAddress(address).localPort(port)
                .calls(calls).timeLimit(limit).start();
    }
}
