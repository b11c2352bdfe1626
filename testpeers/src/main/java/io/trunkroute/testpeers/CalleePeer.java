package io.trunkroute.testpeers;

import java.time.Duration;
import java.util.List;

/**
 * A called party behind a carrier, played by SIPp as a UAS: answers, rejects with a code, rings
 * until cancelled, or answers and hangs up. Bounded by a call count and a time limit.
 */
public final class CalleePeer {

    /** What a request without a body has (a regular expression on the whole message, for SIPp). */
    private static final String NO_BODY = "Content-Length: *0[^0-9]";
    /** What an SDP answer refusing the scenarios' one audio stream (RTP/AVP 0) has. */
    private static final String REFUSED_AUDIO = "Content-Type: application/sdp.*m=audio 0 RTP/AVP 0";

    private final SippRun sipp;

    private CalleePeer(SippRun sipp) {
        this.sipp = sipp.start();
    }

    /** Rings for {@code ringMs}, answers with SDP {@code s=<name>}, waits for the BYE. */
    public static CalleePeer answering(String name, String address, int calls, Duration limit) {
        return new CalleePeer(SippRun.scenario(name, "callee.xml").localAddress(address).param("NAME", name)
                .param("RING_MS", 300).calls(calls).timeLimit(limit));
    }

    /**
     * Takes a delayed offer: the INVITE must have no SDP; answers with the offer (s=<name>) and
     * fails unless the ACK carries the caller's answer (s=pbx-answer). Then waits for the BYE.
     */
    public static CalleePeer answeringDelayedOffer(String name, String address, Duration limit) {
        return new CalleePeer(SippRun.scenario(name, "callee-delayed-offer.xml").localAddress(address)
                .param("NAME", name).param("RING_MS", 100).calls(1).timeLimit(limit));
    }

    /** Answers (s=<name>), then answers an INFO, then waits for the BYE. */
    public static CalleePeer answeringAnInfo(String name, String address, Duration limit) {
        return new CalleePeer(SippRun.scenario(name, "callee-info.xml").localAddress(address).param("NAME", name)
                .param("RING_MS", 100).calls(1).timeLimit(limit));
    }

    /** Answers, then answers a re-INVITE (s=<name>-reinvite) and an INFO, then waits for the BYE. */
    public static CalleePeer answeringMidCallRequests(String name, String address, Duration limit) {
        return new CalleePeer(SippRun.scenario(name, "callee-reinvite.xml").localAddress(address).param("NAME", name)
                .param("RING_MS", 100).calls(1).timeLimit(limit));
    }

    /**
     * Answers, takes the ACK, and {@code repeatAfterMs} later sends the same 200 OK again, as a
     * callee does whose ACK got lost; fails unless that 200 is ACKed too. Then waits for the BYE.
     */
    public static CalleePeer answeringTwice(String name, String address, long repeatAfterMs, Duration limit) {
        return new CalleePeer(SippRun.scenario(name, "callee-repeats-200.xml").localAddress(address)
                .param("NAME", name).param("REPEAT_AFTER_MS", repeatAfterMs).calls(1).timeLimit(limit));
    }

    /** Answers every INVITE with {@code code reason}. */
    public static CalleePeer rejecting(String name, String address, int code, String reason, int calls, Duration limit) {
        return new CalleePeer(SippRun.scenario(name, "callee-rejects.xml").localAddress(address).param("CODE", code)
                .param("REASON", reason).calls(calls).timeLimit(limit));
    }

    /** Rings until the call is cancelled. */
    public static CalleePeer ringing(String name, String address, int calls, Duration limit) {
        return new CalleePeer(SippRun.scenario(name, "callee-rings.xml").localAddress(address).calls(calls)
                .timeLimit(limit));
    }

    /**
     * Rings, then ignores the CANCEL: no 200 to it and no final response to the INVITE for
     * {@code answerAfterMs}; then answers with 200 OK after all and expects the caller's ACK and BYE.
     * With {@code sameTag} the 200 continues the 180's early dialog; without, it comes from another
     * branch (a new To tag).
     */
    public static CalleePeer ignoringCancel(String name, String address, long answerAfterMs, boolean sameTag,
            Duration limit) {
        return new CalleePeer(SippRun.scenario(name, "callee-ignores-cancel.xml").localAddress(address)
                .param("ANSWER_AFTER_MS", answerAfterMs).param("ANSWER_TAG", sameTag ? "SIPpTag01" : "SIPpLate")
                .calls(1).timeLimit(limit));
    }

    /**
     * Answers (s={@code name}), then {@code forkAfterMs} after the ACK answers the same INVITE again
     * with another To tag, as a second branch of a forked INVITE; passes only if that second answer
     * is ACKed and hung up and the first call ends with its own BYE.
     */
    public static CalleePeer answeringOnTwoBranches(String name, String address, long forkAfterMs, Duration limit) {
        return checkingAnAck("callee-answers-on-two-branches.xml", name, address, "FORK_AFTER_MS", forkAfterMs,
                NO_BODY, limit);
    }

    /**
     * Like {@link #answeringOnTwoBranches}, for an INVITE without SDP: both answers carry an offer,
     * and the second one's ACK must carry an answer refusing it (port 0, RFC 3264 section 6).
     */
    public static CalleePeer answeringADelayedOfferOnTwoBranches(String name, String address, long forkAfterMs,
            Duration limit) {
        return checkingAnAck("callee-answers-on-two-branches.xml", name, address, "FORK_AFTER_MS", forkAfterMs,
                REFUSED_AUDIO, limit);
    }

    /**
     * Answers (s={@code name}), then answers a re-INVITE without SDP with its offer
     * (s={@code name}-reinvite); passes only if the ACK comes within {@code ackWithinMs} without a
     * body (nobody answered the offer), and then the BYE.
     */
    public static CalleePeer offeringInAReInviteNobodyAnswers(String name, String address, long ackWithinMs,
            Duration limit) {
        return checkingAnAck("callee-reinvite-offer-unanswered.xml", name, address, "ACK_WITHIN_MS", ackWithinMs,
                NO_BODY, limit);
    }

    /**
     * Like {@link #offeringInAReInviteNobodyAnswers}, but the caller hangs up instead of answering:
     * the ACK must carry an SDP answer refusing the offered audio stream (port 0, RFC 3264 section
     * 6), and come before the BYE.
     */
    public static CalleePeer offeringInAReInviteRefusedByTheHangUp(String name, String address, long ackWithinMs,
            Duration limit) {
        return checkingAnAck("callee-reinvite-offer-unanswered.xml", name, address, "ACK_WITHIN_MS", ackWithinMs,
                REFUSED_AUDIO, limit);
    }

    /**
     * One call of {@code scenario}, whose one timing parameter is {@code msParam}, failing unless the
     * ACK it checks matches {@code ackMustHave} (its ACK_MUST_HAVE).
     */
    private static CalleePeer checkingAnAck(String scenario, String name, String address, String msParam, long ms,
            String ackMustHave, Duration limit) {
        return new CalleePeer(SippRun.scenario(name, scenario).localAddress(address).param("NAME", name)
                .param(msParam, ms).param("ACK_MUST_HAVE", ackMustHave).calls(1).timeLimit(limit));
    }

    /** Answers and sends BYE itself after {@code talkMs}. */
    public static CalleePeer hangingUp(String name, String address, long talkMs, int calls, Duration limit) {
        return new CalleePeer(SippRun.scenario(name, "callee-hangs-up.xml").localAddress(address)
                .param("NAME", name).param("TALK_MS", talkMs).calls(calls).timeLimit(limit));
    }

    public String hostPort() {
        return sipp.hostPort();
    }

    /** Request lines of the INVITEs that reached this callee. */
    public List<String> invitesReceived() {
        return sipp.receivedRequestLines("INVITE");
    }

    /** Request lines of every {@code method} request that reached this callee, repeats included. */
    public List<String> requestsReceived(String method) {
        return sipp.receivedRequestLines(method);
    }

    public int awaitExit() {
        return sipp.awaitExit();
    }

    public String report() {
        return sipp.report();
    }

    public boolean isRunning() {
        return sipp.isRunning();
    }

    public void stop() {
        sipp.stop();
    }
}
