package io.trunkroute.sip.stack;

import gov.nist.javax.sip.header.CSeq;
import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPDialog;
import gov.nist.javax.sip.stack.SIPMessageValve;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import javax.sip.DialogState;
import javax.sip.SipException;
import javax.sip.SipStack;
import javax.sip.header.CSeqHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a retransmitted INVITE 2xx whose client transaction is gone (RFC 3261 17.1.1.2: the
 * transaction ends on the first 2xx; the callee repeats it until our ACK arrives) before the
 * JAIN-SIP RI looks for a transaction by scanning its whole client table.
 *
 * <p>Why: for a response that misses the transaction hash, the RI 1.3.0-91 walks every client
 * transaction ({@code SIPTransactionStack.newSIPServerResponse}); the table holds each call's BYE
 * transaction for Timer K, so ~5 s of calls, and each entry lower-cases strings. For an RFC 3261
 * branch the walk cannot succeed (a match needs the same branch and method, which is the hash
 * key), yet under overload, when callees retransmit, it took a third of the engine's CPU and
 * turned overload into collapse.
 *
 * <p>What it does, for an INVITE 2xx with a {@code z9hG4bK} branch and no client transaction:
 * if the response's dialog has already sent the ACK for that CSeq, the ACK is sent again (what the
 * application would do) and the response stops here; if no dialog has that id, or the dialog is
 * terminated, it goes to {@link UnwantedAnswer}, which ACKs and hangs it up unless a call claims
 * the dialog within a second, and the response stops here. Anything else goes on to the stack
 * unchanged. Installed through {@code gov.nist.javax.sip.SIP_MESSAGE_VALVE} by {@link SipNode}.
 */
public final class StrayInvite2xxValve implements SIPMessageValve {

    private static final Logger LOG = LoggerFactory.getLogger(StrayInvite2xxValve.class);

    private final LongAdder acksResent = new LongAdder();
    private SIPTransactionStack stack;
    private volatile Consumer<Response> unwanted = r -> { };

    @Override
    public void init(SipStack sipStack) {
        this.stack = (SIPTransactionStack) sipStack;
    }

    @Override
    public boolean processRequest(SIPRequest request, MessageChannel channel) {
        return true;
    }

    @Override
    public boolean processResponse(Response r, MessageChannel channel) {
        SIPResponse response = (SIPResponse) r;
        int code = response.getStatusCode();
        if (!SipNode.isInvite2xx(response)) {
            return true;
        }
        CSeq cseq = (CSeq) response.getCSeq();
        Via via = response.getTopmostVia();
        String branch = via == null ? null : via.getBranch();
        if (branch == null || !branch.regionMatches(true, 0, "z9hG4bK", 0, 7)) {
            return true; // an RFC 2543 peer: the stack's own matching rules
        }
        if (stack.findTransaction(response.getTransactionId(), false) != null) {
            return true; // the ordinary case: the transaction takes it
        }
        SIPDialog dialog = stack.getDialog(response.getDialogId(false));
        boolean ackedBefore = dialog != null && ackSentFor(dialog, cseq.getSeqNumber());
        if (dialog == null || (!ackedBefore && dialog.getState() == DialogState.TERMINATED)) {
            unwanted.accept(response);
            return false;
        }
        if (!ackedBefore) {
            return true; // not ACKed yet: the application answers it
        }
        try {
            dialog.resendAck();
            acksResent.increment();
        } catch (SipException e) {
            LOG.debug("could not resend the ACK for a retransmitted INVITE {}: {}", code, e.getMessage());
        }
        return false;
    }

    @Override
    public void destroy() {
        // nothing held
    }

    /** Retransmitted INVITE 2xx answered here with the dialog's last ACK. */
    public long acksResent() {
        return acksResent.sum();
    }

    /**
     * Sends again the ACK {@code dialog} already sent for the INVITE with CSeq {@code seq}, as it
     * was (an SDP answer included); false when it sent none for that CSeq.
     */
    public static boolean resendAckFor(javax.sip.Dialog dialog, long seq) {
        if (!(dialog instanceof SIPDialog d) || !ackSentFor(d, seq)) {
            return false;
        }
        try {
            d.resendAck();
            return true;
        } catch (SipException e) {
            LOG.debug("could not resend the ACK of {}: {}", d.getDialogId(), e.getMessage());
            return true; // it was sent once; a new one would not be better
        }
    }

    /** True when {@code dialog} has already sent the ACK for the INVITE with CSeq {@code seq}. */
    static boolean ackSentFor(SIPDialog dialog, long seq) {
        CSeqHeader acked = dialog.getLastAckSentCSeq();
        return acked != null && acked.getSeqNumber() == seq;
    }

    /** What ends an INVITE 2xx nobody wants (ACK and BYE); until set, such a response is dropped. */
    void endUnwantedWith(Consumer<Response> handler) {
        this.unwanted = handler;
    }
}
