package io.trunkroute.calls;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;
import java.util.function.Predicate;
import javax.sip.Dialog;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * ACKs that wait for an SDP answer (a delayed offer, RFC 3264 section 5): the INVITE or re-INVITE
 * sent to the far side had no SDP, so the far side's 2xx carries the offer, and its ACK must carry
 * the answer. Only the near side has it, in its ACK of the 2xx we relayed (the one with CSeq
 * {@code nearCseq}).
 *
 * <p>One per far dialog: a dialog has one INVITE transaction at a time (RFC 3261 section 14.1), but
 * the two legs are separate dialogs, so each side's re-INVITE may be waiting at once. Not thread
 * safe: the call uses it under its own lock.
 */
final class HeldAcks {

    private record Held(Dialog far, Dialog near, long nearCseq, Response ok, Request answered,
                        ScheduledFuture<?> deadline) {
    }

    private final List<Held> held = new ArrayList<>(2);

    /**
     * Holds the ACK of {@code ok}, the far side's 2xx to {@code answered} (whose credentials it
     * repeats), until the near side's ACK with {@code nearCseq}; one already held for the same far
     * dialog is sent first, without an answer. {@code deadline} is cancelled on release.
     */
    void hold(Dialog far, Dialog near, long nearCseq, Response ok, Request answered, ScheduledFuture<?> deadline) {
        release(far);
        held.add(new Held(far, near, nearCseq, ok, answered, deadline));
    }

    /** The near side's ACK arrived in {@code near}: the ACK held for it goes with its body. */
    void answered(Dialog near, Request ack) {
        long seq = CallMessages.cseqOf(ack);
        sendWhere(h -> h.near() == near && h.nearCseq() == seq,
                h -> CallMessages.ack(h.far(), h.ok(), h.answered(), ack));
    }

    /** True while an ACK is held for the ACK that {@code near} is to send. */
    boolean awaitsAckFrom(Dialog near) {
        return held.stream().anyMatch(h -> h.near() == near);
    }

    /** True while the ACK of the far side's 2xx {@code ok} is held: its repeats are expected. */
    boolean holds(Dialog far, Response ok) {
        long seq = CallMessages.cseqOf(ok);
        return held.stream().anyMatch(h -> h.far() == far && CallMessages.cseqOf(h.ok()) == seq);
    }

    /** The ACK held for {@code far} goes without an answer: a second one is to be held for that dialog. */
    void release(Dialog far) {
        sendWhere(h -> h.far() == far, h -> CallMessages.ack(h.far(), h.ok(), h.answered()));
    }

    /**
     * The call is hung up: every held ACK goes now, before the BYE (a 2xx is ACKed first), with an
     * answer refusing the offer it acknowledges (RFC 3261 section 13.2.2.4), its origin at
     * {@code address}.
     */
    void refuseAll(String address) {
        sendWhere(h -> true, h -> CallMessages.ackRefusing(h.far(), h.ok(), CallMessages.credentialsOf(h.answered()),
                true, address));
    }

    /**
     * The deadline of the ACK held for {@code ok} passed: it goes without an answer, and the call
     * goes on. An answer refusing the offer would end the media the far side still sends.
     */
    void expire(Dialog far, Response ok) {
        sendWhere(h -> h.far() == far && h.ok() == ok, h -> CallMessages.ack(h.far(), h.ok(), h.answered()));
    }

    /** Sends with {@code how}, and forgets, the held ACKs {@code which} selects. */
    private void sendWhere(Predicate<Held> which, Consumer<Held> how) {
        for (Iterator<Held> it = held.iterator(); it.hasNext(); ) {
            Held h = it.next();
            if (which.test(h)) {
                it.remove();
                if (h.deadline() != null) {
                    h.deadline().cancel(false);
                }
                how.accept(h);
            }
        }
    }
}
