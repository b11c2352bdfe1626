package io.trunkroute.sip.stack;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.stack.SIPDialog;
import gov.nist.javax.sip.stack.SIPStackTimerTask;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import javax.sip.Dialog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cancels the RI's "delete this dialog if no ACK is sent" task when the dialog has ended.
 *
 * <p>When a 2xx to an INVITE reaches the listener, the RI (1.3.0-91) then schedules a task that
 * deletes the dialog 32 s later unless its ACK was sent. Nothing cancels it: not the ACK (sent
 * before the task exists, from the listener), not the dialog's end. So the task keeps the dialog
 * reachable for the whole 32 s, and with it the INVITE's client transaction, its request and the
 * answer, however short the call. A heap histogram at 1,000 calls/s held 22,152 such tasks and as
 * many outgoing INVITEs with their answers, and every young collection copied that state twice
 * (survivor space, then old generation). {@link SipNode} calls {@link #cancelOnceAcked} when the
 * RI reports the dialog terminated (after its linger, {@link SipNode#LINGER_SECONDS}); the dialog then goes at once.
 */
public final class UnackedDialogDelete {

    private static final Logger LOG = LoggerFactory.getLogger(UnackedDialogDelete.class);

    /** SIPDialog.dialogDeleteIfNoAckSentTask and that task's seqno; null when this RI has neither. */
    private static final VarHandle TASK;
    private static final VarHandle SEQNO;

    static {
        VarHandle task = null;
        VarHandle seqno = null;
        try {
            Class<?> type = Class.forName(SIPDialog.class.getName() + "$DialogDeleteIfNoAckSentTask");
            task = MethodHandles.privateLookupIn(SIPDialog.class, MethodHandles.lookup())
                    .findVarHandle(SIPDialog.class, "dialogDeleteIfNoAckSentTask", type);
            seqno = MethodHandles.privateLookupIn(type, MethodHandles.lookup()).findVarHandle(type, "seqno", long.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("this JAIN-SIP RI has no SIPDialog.dialogDeleteIfNoAckSentTask ({}): every answered call's"
                    + " dialog stays in memory for 32 s", e.toString());
            task = null;
            seqno = null;
        }
        TASK = task;
        SEQNO = seqno;
    }

    private UnackedDialogDelete() {
    }

    /** Whether the RI's no-ACK delete task of {@code dialog} is still scheduled (diagnostics, tests). */
    public static boolean pending(Dialog dialog) {
        if (TASK == null || !(dialog instanceof SIPDialog d)) {
            return false;
        }
        synchronized (d) {
            return TASK.get(d) != null;
        }
    }

    /** Cancels the task of {@code dialog}, if any, when the ACK it waits for was sent. */
    static void cancelOnceAcked(Dialog dialog) {
        if (TASK == null || !(dialog instanceof SIPDialog d)) {
            return;
        }
        // The RI schedules the task under the dialog's lock (doDeferredDeleteIfNoAckSent).
        synchronized (d) {
            SIPStackTimerTask task = (SIPStackTimerTask) TASK.get(d);
            if (task == null || !d.isAckSent((long) SEQNO.get(task))) {
                LOG.debug("dialog {} ended: {}", d.getDialogId(), task == null ? "no task" : "ACK not sent, task kept");
                return;
            }
            if (d.getSipProvider().getSipStack() instanceof SipStackImpl stack && stack.getTimer() != null) {
                stack.getTimer().cancel(task);
            }
            TASK.set(d, (SIPStackTimerTask) null);
            LOG.debug("dialog {} ended: its no-ACK delete task cancelled", d.getDialogId());
        }
    }
}
