package io.trunkroute.sip.stack;

import gov.nist.javax.sip.stack.SIPDialog;
import gov.nist.javax.sip.stack.SIPServerTransaction;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sip.Dialog;
import javax.sip.header.CSeqHeader;
import javax.sip.message.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records an ACK that the RI let through without noting it, so the 2xx it acknowledges stops
 * being retransmitted.
 *
 * <p>The RI (1.3.0-91) starts a dialog's 2xx retransmit timer after the 2xx has left the socket,
 * and finds "the INVITE being answered" through that timer ({@code getInviteTransaction()}). An
 * ACK that arrives in between, as when the peer answers within the time it takes to log the sent
 * message, finds no INVITE: the RI still hands it to the listener but leaves the dialog unACKed.
 * The timer then starts and sends the 2xx again 500 ms later, after whatever the peer sent next
 * (a test PBX took it for the answer to its re-INVITE); the dialog stays unACKed until the peer
 * ACKs that copy, and in a back-to-back dialog the RI holds the ACK semaphore our next re-INVITE on
 * it would wait for.
 *
 * <p>{@link SipNode} calls {@link #ackDelivered} once the dialog's handler has taken the ACK. If
 * the timer runs by then, the RI's own {@code ackReceived} is run again: it notes the ACK and
 * stops the timer. If the 2xx is still being sent, the dialog is looked at again shortly.
 */
final class AnswerRetransmitTimer {

    private static final Logger LOG = LoggerFactory.getLogger(AnswerRetransmitTimer.class);

    /** The sender is between its socket write and starting the timer: a trace line, microseconds. */
    static final int RECHECK_MS = 20;
    static final int RECHECKS = 10;

    /** SIPDialog's package-private {@code ackReceived(long)} and the CSeq of the last ACK it noted. */
    private static final MethodHandle ACK_RECEIVED;
    private static final VarHandle LAST_ACK;

    static {
        MethodHandle ackReceived = null;
        VarHandle lastAck = null;
        try {
            MethodHandles.Lookup ri = MethodHandles.privateLookupIn(SIPDialog.class, MethodHandles.lookup());
            ackReceived = ri.findVirtual(SIPDialog.class, "ackReceived", MethodType.methodType(void.class, long.class));
            lastAck = ri.findVarHandle(SIPDialog.class, "lastAckReceivedCSeqNumber", Long.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("this JAIN-SIP RI has no SIPDialog.ackReceived(long) or lastAckReceivedCSeqNumber ({}): an ACK"
                    + " that overtakes the sending of its 2xx leaves that 2xx retransmitted once", e.toString());
            ackReceived = null;
            lastAck = null;
        }
        ACK_RECEIVED = ackReceived;
        LAST_ACK = lastAck;
    }

    private AnswerRetransmitTimer() {
    }

    /**
     * After {@code ack} was delivered for {@code dialog}: if the dialog has not noted it and
     * retransmits the 2xx of the INVITE with the ACK's CSeq, it is noted now. With no timer yet
     * (the 2xx may still be being sent) the dialog is looked at again every {@link #RECHECK_MS}
     * ms, at most {@link #RECHECKS} times.
     */
    static void ackDelivered(Dialog dialog, Request ack, ScheduledExecutorService timers) {
        if (ACK_RECEIVED != null && dialog instanceof SIPDialog d
                && ack.getHeader(CSeqHeader.NAME) instanceof CSeqHeader cseq) {
            check(d, cseq.getSeqNumber(), timers, RECHECKS);
        }
    }

    private static void check(SIPDialog d, long cseq, ScheduledExecutorService timers, int rechecks) {
        Long noted = (Long) LAST_ACK.getVolatile(d);
        if (noted != null && noted >= cseq) {
            return; // the usual case: the RI noted the ACK and cancelled the timer itself
        }
        // Non-null only while the retransmit timer runs.
        SIPServerTransaction answering = d.getInviteTransaction();
        if (answering != null) {
            if (answering.getCSeq() == cseq) {
                noteAck(d, cseq);
            }
        } else if (rechecks > 0) {
            // The 2xx may still be on its way out: its timer starts once it is sent.
            try {
                timers.schedule(() -> check(d, cseq, timers, rechecks - 1), RECHECK_MS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                // the node is stopping: its dialogs go with it
            }
        }
    }

    private static void noteAck(SIPDialog d, long cseq) {
        try {
            ACK_RECEIVED.invokeExact(d, cseq);
            LOG.debug("ACK {} of {} noted after the RI passed it over", cseq, d.getCallId().getCallId());
        } catch (Throwable e) {
            LOG.debug("could not note the ACK of {}: {}", d.getCallId().getCallId(), e.toString());
        }
    }
}
