package io.trunkroute.sip.stack;

import java.text.ParseException;
import java.util.Objects;
import javax.sip.InvalidArgumentException;
import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A new request from the network with its server transaction, so the answer is retransmitted
 * and request retransmissions are absorbed by the stack (RFC 3261 section 17.2).
 */
public final class IncomingRequest {

    private static final Logger LOG = LoggerFactory.getLogger(IncomingRequest.class);

    /**
     * How long a non-INVITE server transaction stays Completed after {@link #respond} (then the RI
     * keeps it for its linger, {@link SipNode#LINGER_SECONDS}): repeats of the request are answered
     * by {@link CompletedRequestValve} from then on, so this only covers the moment between the
     * response and its record.
     *
     * <p>Not shorter: the RI schedules Timer J before it sends the response and clears the
     * transaction's references after, with no lock against the timer thread, which clears them too
     * when Timer J ends the transaction. A SIP worker held off the processor for longer than Timer J
     * in between (an overloaded host) then failed with a NullPointerException and the response was
     * never sent: with 64 ms, one BYE in 66,000 at 4,400 calls/s on 2 vCPUs in bench/calls (SIPp
     * counted that call failed). About a second leaves that no room, and still ends the
     * transaction 31 s before Timer J's 32 s.
     */
    static final int RECORDED_TIMER_J_MS = 1_024;

    private final SipNode node;
    private final RequestEvent event;
    private final ServerTransaction transaction;

    IncomingRequest(SipNode node, RequestEvent event, ServerTransaction transaction) {
        this.node = node;
        this.event = event;
        this.transaction = Objects.requireNonNull(transaction, "transaction");
    }

    public Request request() {
        return event.getRequest();
    }

    public ServerTransaction transaction() {
        return transaction;
    }

    /** The network address the request came from (not what Via claims). */
    public String sourceAddress() {
        return ((gov.nist.javax.sip.message.SIPRequest) event.getRequest()).getRemoteAddress().getHostAddress();
    }

    public int sourcePort() {
        return ((gov.nist.javax.sip.message.SIPRequest) event.getRequest()).getRemotePort();
    }

    public SipNode node() {
        return node;
    }

    /**
     * Builds a response to this request; add headers before passing it to {@link #send}. A final
     * response to a request without a To tag gets one (RFC 3261 section 8.2.6.2).
     */
    public Response createResponse(int statusCode, String reason) {
        try {
            Response response = node.messageFactory().createResponse(statusCode, request());
            if (reason != null) {
                response.setReasonPhrase(reason);
            }
            javax.sip.header.ToHeader to = (javax.sip.header.ToHeader) response.getHeader(javax.sip.header.ToHeader.NAME);
            if (statusCode > 100 && to != null && to.getTag() == null) {
                to.setTag(SipIdentifiers.newTag());
            }
            return response;
        } catch (ParseException e) {
            throw new IllegalArgumentException("bad reason phrase '" + reason + "'", e);
        }
    }

    /**
     * Answers with a status and reason and nothing else. The final answer to a non-INVITE request
     * over UDP is then kept by {@link CompletedRequestValve} for its repeats, and the RI's
     * transaction ends {@link #RECORDED_TIMER_J_MS} after it instead of Timer J's 32 s.
     */
    public void respond(int statusCode, String reason) {
        Response response = createResponse(statusCode, reason);
        boolean recorded = statusCode >= 200 && endsEarly();
        if (send(response) && recorded) {
            node.requestCompleted(request(), response);
        }
    }

    /**
     * Sets the transaction's T1 so that its Timer J (64*T1) runs out after
     * {@link #RECORDED_TIMER_J_MS}; true when the transaction is a non-INVITE one over an
     * unreliable transport (over TCP and TLS the RI ends it at once) and took the setting.
     */
    private boolean endsEarly() {
        String method = request().getMethod();
        if (Request.INVITE.equals(method)
                || !(transaction instanceof gov.nist.javax.sip.stack.SIPTransaction t) || t.isReliable()) {
            return false;
        }
        try {
            transaction.setRetransmitTimer(RECORDED_TIMER_J_MS / 64);
            return true;
        } catch (RuntimeException started) {
            return false; // its timer already runs: the RI keeps it for Timer J and answers repeats itself
        }
    }

    /**
     * For an INVITE answered with a 2xx whose ACK came: the RI's transaction, Terminated since the
     * 2xx (RFC 3261 section 17.2.1), leaves the stack's tables now instead of after its linger
     * ({@link SipNode#LINGER_SECONDS}) and the transaction timer's next tick. Until then its table
     * entries (transactions, merged requests) held the INVITE, some 6 KB, 1 to 1.5 s a call however
     * short the call: at 4,400 calls/s in bench/calls, 40 MB that every young collection copied.
     * Nothing needs it after the ACK: a copy of the INVITE is absorbed by {@link AcceptedInviteValve},
     * a merged request finds the confirmed dialog (the RI's dialog merge test), and a CANCEL, which
     * crosses a 2xx only before its ACK, gets 481 (RFC 3261 section 9.2: no matching transaction).
     * Anything else is left to the stack.
     */
    public void endAnsweredInvite() {
        if (transaction instanceof gov.nist.javax.sip.stack.SIPServerTransaction st
                && Request.INVITE.equals(request().getMethod())
                && st.getState() == javax.sip.TransactionState.TERMINATED) {
            st.cleanUp();
        }
    }

    /**
     * Sends {@code response} on this request's transaction; false (logged) when the stack refused
     * it. A 2xx to an INVITE makes later copies of the INVITE be absorbed ({@link AcceptedInviteValve});
     * a 2xx to a BYE ends its dialog in the stack ({@link SipNode#byeAnswered}).
     */
    public boolean send(Response response) {
        try {
            transaction.sendResponse(response);
        } catch (SipException | InvalidArgumentException e) {
            LOG.warn("could not send {} to {} {}: {}", response.getStatusCode(), request().getMethod(),
                    request().getRequestURI(), e.getMessage());
            return false;
        }
        if (response.getStatusCode() / 100 == 2) {
            if (Request.INVITE.equals(request().getMethod())) {
                node.inviteAccepted(request());
            } else if (Request.BYE.equals(request().getMethod())) {
                node.byeAnswered(event.getDialog());
            }
        }
        return true;
    }
}
