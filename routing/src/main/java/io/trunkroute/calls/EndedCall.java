package io.trunkroute.calls;

import io.trunkroute.sip.stack.CancelHandler;
import io.trunkroute.sip.stack.DialogHandler;
import io.trunkroute.sip.stack.IncomingRequest;
import java.util.List;
import javax.sip.ResponseEvent;
import javax.sip.header.Header;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * Answers for a call's dialogs and INVITE transaction once the call has ended. The SIP stack keeps
 * those for up to 32 s after the call (RFC 3261 timers J and L); holding the call itself through
 * them kept every ended call, its route plan and its legs, on the heap as long, and under load the
 * collector copied them from one young collection to the next. This stand-in holds at most the
 * credentials of the callee's answered INVITE (its ACK's), not the INVITE: a dialog lingers after
 * its call (SipNode.LINGER_SECONDS), and 4,000 INVITEs of 6 KB a second were copied by every young
 * collection in bench/calls.
 */
final class EndedCall implements DialogHandler, CancelHandler {

    /** For the caller's side, which needs no state. */
    static final EndedCall CALLER_SIDE = new EndedCall(null);

    /**
     * The credentials of the INVITE the callee answered (DigestSession.credentialsOf): a repeated
     * 2xx is ACKed again with them. Null when no INVITE was answered.
     */
    private final List<Header> answeredCredentials;

    EndedCall(List<Header> answeredCredentials) {
        this.answeredCredentials = answeredCredentials;
    }

    /** A BYE that crossed ours gets 200 (the dialog is still there); anything else 481. */
    @Override
    public void onRequest(IncomingRequest in) {
        in.respond(Request.BYE.equals(in.request().getMethod()) ? Response.OK
                : Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, null);
    }

    @Override
    public void onAck(Request ack) {
        // a late ACK of an answer the call no longer needs
    }

    @Override
    public void onRetransmitted2xx(ResponseEvent event) {
        if (event.getDialog() != null) {
            // the ACK sent for it again: it may carry an answer refusing an offer in the 2xx
            CallMessages.ackAgain(event.getDialog(), event.getResponse(), answeredCredentials);
        }
    }

    /** RFC 3261 section 9.2: the INVITE already has its final response, so the CANCEL gets 200 and does nothing. */
    @Override
    public void onCancel(IncomingRequest cancel) {
        cancel.respond(Response.OK, null);
    }
}
