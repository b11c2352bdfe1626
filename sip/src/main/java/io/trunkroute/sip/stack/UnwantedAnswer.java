package io.trunkroute.sip.stack;

import gov.nist.javax.sip.message.SIPResponse;
import io.trunkroute.sip.auth.DigestSession;
import io.trunkroute.sip.sdp.RejectingAnswer;
import gov.nist.javax.sip.stack.SIPDialog;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.ListIterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.DialogState;
import javax.sip.ResponseEvent;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.Header;
import javax.sip.header.HeaderFactory;
import javax.sip.header.RecordRouteHeader;
import javax.sip.header.RouteHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a session nobody wants: an INVITE 2xx that arrives after the engine gave up on the INVITE
 * (no response in time, no final response within the grace after a CANCEL) or after its dialog
 * is gone. RFC 3261 section 13.2.2.4 has the UAC ACK every 2xx, and section 15 has a caller that
 * does not want the session send BYE after that ACK. Without both, the callee stays answered (and
 * the carrier bills the call) until it stops retransmitting its 2xx 32 s later, and may not hang
 * up even then.
 *
 * <p>The ACK and the BYE are built from the response alone (its Call-ID, tags, CSeq, Contact and
 * Record-Route, RFC 3261 section 12.1.2), because the dialog may not exist. Each answer (dialog id
 * and CSeq) is hung up once; a repeat of it within 32 s only gets the ACK again. The ACK is sent
 * statelessly (a 2xx ACK is a transaction of its own, section 17.1.1.3); the BYE on a client
 * transaction so it is retransmitted. A carrier that challenges requests inside a call gets the
 * BYE again with the INVITE's credentials when they are known ({@link ChallengedBye}); any
 * other answer to the BYE is ignored.
 *
 * <p>An answer that found no transaction, and no dialog or one nobody owns, is decided
 * {@link #CLAIM_WAIT_MS} later, not at once: only if by then no call owns the dialog and the
 * dialog has not ACKed it is it ended. The wait is a safety margin against hanging up a call that
 * is being answered (reading the RI, it stores the dialog before it drops the transaction).
 */
final class UnwantedAnswer {

    private static final Logger LOG = LoggerFactory.getLogger(UnwantedAnswer.class);

    /** How long an answer without transaction or dialog waits for a call to claim its dialog. */
    static final long CLAIM_WAIT_MS = 1000;

    /** How long an answer hung up is remembered: the callee repeats a 2xx for 64*T1 at most. */
    static final long REMEMBER_MS = 32_000;

    private final SipNode node;
    private final LongAdder ended = new LongAdder();
    /** Dialog ids of unclaimed answers waiting for their decision: a repeated 2xx is decided once. */
    private final Set<String> waiting = ConcurrentHashMap.newKeySet();
    /** "dialog id/CSeq" of the answers hung up in the last {@link #REMEMBER_MS}. */
    private final Set<String> hungUp = ConcurrentHashMap.newKeySet();
    /**
     * "Call-ID/From tag" of the INVITEs given up, or answered, in the last {@link #REMEMBER_MS} that
     * were sent with a trunk's credentials (a digest session) or without SDP (a delayed offer).
     * An answer from another branch has a dialog of its own (or none) and finds here its INVITE's
     * credentials, and whether its SDP is an offer to refuse in the ACK; one coming later is still
     * ended, its ACK and BYE without credentials or answer. Other INVITEs (most) keep nothing.
     */
    private final RecentEntries<String, AbandonedDialog> recentInvites =
            new RecentEntries<>((int) (REMEMBER_MS / 1000));

    /**
     * Owner of the dialog of an INVITE the engine gave up: a 2xx that still comes in it is ended
     * here (its ACK with the INVITE's credentials), and a request in it gets 481 (no call stands
     * behind it). It keeps only the INVITE's credential headers, not the INVITE.
     */
    final class AbandonedDialog implements DialogHandler {
        private final List<Header> credentials;
        private final DigestSession digest;
        /** The INVITE had no SDP: an SDP in its 2xx is an offer, which the ACK must answer. */
        private final boolean delayedOffer;

        private AbandonedDialog(Request invite, DigestSession digest) {
            this(DigestSession.credentialsOf(invite), digest, !hasBody(invite));
        }

        private AbandonedDialog(List<Header> credentials, DigestSession digest, boolean delayedOffer) {
            this.credentials = credentials;
            this.digest = digest;
            this.delayedOffer = delayedOffer;
        }

        @Override
        public void onRequest(IncomingRequest request) {
            request.respond(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, null);
        }

        @Override
        public void onAck(Request ack) {
            // nothing was answered on this side
        }

        @Override
        public void onRetransmitted2xx(javax.sip.ResponseEvent event) {
            end(event.getResponse(), credentials, digest, delayedOffer);
        }
    }

    UnwantedAnswer(SipNode node) {
        this.node = node;
    }

    /**
     * The owner for the dialog of {@code invite}, given up. With credentials ({@code digest} not
     * null) it is also found by Call-ID and From tag for a while, for answers from other branches.
     */
    AbandonedDialog abandoned(Request invite, DigestSession digest) {
        AbandonedDialog a = new AbandonedDialog(invite, digest);
        if (digest != null || a.delayedOffer) {
            remember(invite, a);
        }
        return a;
    }

    /**
     * {@code invite} was answered: a 2xx from another branch of it (two phones behind a forking
     * carrier both picked up) is ended with its credentials, as the carrier may challenge the
     * BYE, and, when it had no SDP, with an ACK refusing that answer's offer. Nothing is kept for
     * an INVITE with SDP and without credentials.
     */
    void answered(Request invite, DigestSession digest) {
        List<Header> credentials = digest == null ? List.of() : DigestSession.credentialsOf(invite);
        boolean delayedOffer = !hasBody(invite);
        if (!credentials.isEmpty() || delayedOffer) {
            remember(invite, new AbandonedDialog(credentials, credentials.isEmpty() ? null : digest, delayedOffer));
        }
    }

    private void remember(Request invite, AbandonedDialog a) {
        recentInvites.put(inviteKey(invite), a);
    }

    /** A second passed: INVITEs remembered {@link #REMEMBER_MS} ago are forgotten. */
    void tick() {
        recentInvites.tick();
    }

    /** Forgets every INVITE and answer remembered (the node stops, and with it the timers that would). */
    void forget() {
        recentInvites.clear();
        hungUp.clear();
        waiting.clear();
    }

    private static String inviteKey(javax.sip.message.Message m) {
        return ((CallIdHeader) m.getHeader(CallIdHeader.NAME)).getCallId() + "/"
                + ((FromHeader) m.getHeader(FromHeader.NAME)).getTag();
    }

    /**
     * An INVITE 2xx that found no transaction, and no dialog or one nobody owns: ended unless, a
     * moment later, a call owns its dialog or the dialog has ACKed it.
     */
    void endUnlessClaimed(Response response) {
        String dialogId = ((SIPResponse) response).getDialogId(false);
        if (!waiting.add(dialogId)) {
            return;
        }
        try {
            node.timers().schedule(() -> {
                waiting.remove(dialogId);
                Dialog dialog = node.dialog(dialogId);
                if (!claimed(dialog, (CSeqHeader) response.getHeader(CSeqHeader.NAME))) {
                    AbandonedDialog a = dialog != null && dialog.getApplicationData() instanceof AbandonedDialog d
                            ? d : recentInvites.get(inviteKey(response));
                    end(response, a == null ? List.of() : a.credentials, a == null ? null : a.digest,
                            a != null && a.delayedOffer);
                }
            }, CLAIM_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            waiting.remove(dialogId); // stopping
        }
    }

    private boolean claimed(Dialog dialog, CSeqHeader cseq) {
        if (dialog == null || dialog.getState() == DialogState.TERMINATED) {
            return false;
        }
        if (dialog.getApplicationData() instanceof DialogHandler owner && !(owner instanceof AbandonedDialog)) {
            return true;
        }
        return dialog instanceof SIPDialog d && StrayInvite2xxValve.ackSentFor(d, cseq.getSeqNumber());
    }

    /**
     * {@link #end(Response, List, DigestSession, boolean)} for an answer to {@code invite}, whose
     * credentials the ACK repeats and whose lack of SDP makes the 2xx's SDP an offer to refuse;
     * {@code invite} null when unknown.
     */
    void end(Response response, Request invite, DigestSession digest) {
        end(response, invite == null ? List.of() : DigestSession.credentialsOf(invite), digest,
                invite != null && !hasBody(invite));
    }

    /**
     * An INVITE 2xx nobody wants: ACK, then BYE; a repeat of one already hung up gets the ACK only.
     * The ACK repeats the INVITE's {@code credentials} (RFC 3261 section 13.2.2.4; empty when
     * unknown); a challenge to the BYE is answered with those of {@code digest} when it is known.
     * With {@code delayedOffer} (the INVITE had no SDP) an SDP in the 2xx is an offer, and the ACK
     * carries an answer refusing its every stream (section 13.2.2.4: "generate a valid answer in
     * the ACK and then send a BYE immediately"); when the INVITE is not known it goes without.
     */
    void end(Response response, List<Header> credentials, DigestSession digest, boolean delayedOffer) {
        CSeqHeader cseq = (CSeqHeader) response.getHeader(CSeqHeader.NAME);
        ContactHeader contact = (ContactHeader) response.getHeader(ContactHeader.NAME);
        if (contact == null) {
            LOG.warn("an unwanted {} to INVITE has no Contact; it cannot be ACKed or hung up",
                    response.getStatusCode());
            return;
        }
        String answer = ((SIPResponse) response).getDialogId(false) + "/" + cseq.getSeqNumber();
        boolean first = hungUp.add(answer);
        try {
            Request ack = request(response, contact.getAddress().getURI(), Request.ACK, cseq.getSeqNumber());
            DigestSession.replaceCredentials(credentials, ack);
            if (delayedOffer) {
                RejectingAnswer.putInto(ack, response, node.settings().advertisedAddress());
            }
            node.provider().sendRequest(ack);
            if (!first) {
                return;
            }
            node.timers().schedule(() -> hungUp.remove(answer), REMEMBER_MS, TimeUnit.MILLISECONDS);
            new ChallengedBye(response, contact.getAddress().getURI(), cseq.getSeqNumber() + 1,
                    digest == null ? null : digest.forAnotherRequest()).send();
            ended.increment();
            LOG.info("{} to an INVITE no call wants (Call-ID {}): ACKed and hung up", response.getStatusCode(),
                    ((CallIdHeader) response.getHeader(CallIdHeader.NAME)).getCallId());
        } catch (Exception e) {
            LOG.warn("could not ACK and hang up an unwanted {} to INVITE: {}", response.getStatusCode(), e.getMessage());
        }
    }

    /** Answers ACKed and hung up since the stack started. */
    long ended() {
        return ended.sum();
    }

    /**
     * The BYE that hangs an unwanted answer up. A 401/407 to it is answered like the INVITE's were
     * (RFC 3261 section 22.2: CSeq + 1, new branch), at most {@link DigestSession#MAX_ROUNDS} times;
     * without that a carrier that challenges requests inside a call would keep the session up.
     */
    private final class ChallengedBye implements ClientTransactionListener {
        private final Response answer;
        private final URI remoteTarget;
        private final DigestSession digest;
        private long seq;
        private int rounds;
        private Request current;

        ChallengedBye(Response answer, URI remoteTarget, long seq, DigestSession digest) {
            this.answer = answer;
            this.remoteTarget = remoteTarget;
            this.seq = seq;
            this.digest = digest;
        }

        synchronized void send() throws Exception {
            Request bye = request(answer, remoteTarget, Request.BYE, seq);
            if (rounds > 0) {
                digest.authorize(bye, node.headerFactory());
            }
            ClientTransaction tx = node.newClientTransaction(bye);
            if (digest != null) {
                tx.setApplicationData(this);
            }
            current = bye;
            SipNode.sendStarted(tx, tx::sendRequest);
        }

        @Override
        public synchronized void onResponse(ResponseEvent event) {
            int code = event.getResponse().getStatusCode();
            boolean challenged = code == Response.UNAUTHORIZED || code == Response.PROXY_AUTHENTICATION_REQUIRED;
            if (!challenged || event.getClientTransaction() == null
                    || event.getClientTransaction().getRequest() != current || rounds >= DigestSession.MAX_ROUNDS
                    || !digest.answer(event.getResponse(), current)) {
                return;
            }
            rounds++;
            seq++;
            try {
                send();
            } catch (Exception e) {
                LOG.warn("could not answer the challenge to the BYE of an unwanted answer: {}", e.getMessage());
            }
        }

        @Override
        public void onTimeout() {
            // the BYE's answer is not needed: the session is being ended either way
        }
    }

    private Request request(Response response, URI remoteTarget, String method, long seq) throws Exception {
        HeaderFactory hf = node.headerFactory();
        List<URI> routeSet = new ArrayList<>();
        for (ListIterator<?> it = response.getHeaders(RecordRouteHeader.NAME); it != null && it.hasNext(); ) {
            routeSet.add(((RecordRouteHeader) it.next()).getAddress().getURI());
        }
        Collections.reverse(routeSet); // the UAC reads the Record-Route of a response bottom up
        // Request-URI = remote target, Route = the whole route set: the RI's DefaultRouter turns
        // this into the strict-router form of RFC 3261 section 12.2.1.1 when the first hop needs it
        // (doing it here as well would apply it twice).
        ViaHeader ours = (ViaHeader) response.getHeader(ViaHeader.NAME);
        ViaHeader via = hf.createViaHeader(node.settings().advertisedAddress(), node.settings().port(),
                ours.getTransport(), gov.nist.javax.sip.Utils.getInstance().generateBranchId());
        via.setRPort();
        Request r = node.messageFactory().createRequest((URI) remoteTarget.clone(), method,
                (CallIdHeader) response.getHeader(CallIdHeader.NAME).clone(), hf.createCSeqHeader(seq, method),
                (FromHeader) response.getHeader(FromHeader.NAME).clone(),
                (ToHeader) response.getHeader(ToHeader.NAME).clone(), List.of(via), hf.createMaxForwardsHeader(70));
        for (URI route : routeSet) {
            RouteHeader h = hf.createRouteHeader(node.addressFactory().createAddress((URI) route.clone()));
            r.addLast(h); // in route-set order (addHeader may put a header first)
        }
        return r;
    }

    private static boolean hasBody(Request request) {
        byte[] body = request.getRawContent();
        return body != null && body.length > 0;
    }
}
