package io.trunkroute.sip.stack;

import gov.nist.javax.sip.stack.SIPDialog;
import gov.nist.javax.sip.stack.SIPStackTimerTask;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import javax.sip.Dialog;
import javax.sip.DialogState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dialog ended by an answered BYE leaves the stack at the timer's next tick instead of a linger later, and the
 * RI's linger task no longer keeps alive a dialog that nothing else holds.
 *
 * <p>The RI (1.3.0-91) schedules its linger task ({@code SIPDialog.LingerTimer}: the dialog out of
 * the stack's tables, its references released) each time a dialog turns Terminated, for
 * {@link SipNode#LINGER_SECONDS}: when a BYE leaves, again when it is answered, when a BYE is
 * answered 200. The task, an inner class, holds its dialog for that second whatever happens. In
 * bench/calls (half-second calls) that was two-thirds of a dialog's life, and dialogs, some 5.5 KB
 * each, were a third of what every young collection copied at 4,400 calls/s (sip/README.md).
 *
 * <p>Two changes:
 * <ul>
 * <li>{@link WheelSipTimer} schedules a linger task through {@link #weakly}: the wheel holds the
 * dialog weakly, and the task is run when the delay is over if the dialog is still there. A dialog
 * still in the stack's tables (or held by a transaction, a timer or the application) is there; one
 * no longer reachable has nothing left for the task to do.</li>
 * <li>{@link #endSoon} takes the dialog out of the stack's tables at the timer's next tick (the
 * first half of the task; the second, the dialog's clean-up, follows from the RI's own task if
 * anything still holds the dialog then), for a dialog whose BYE was answered
 * (sent or received): nothing the dialog could still do is needed then. A repeat of the BYE is
 * absorbed by its transaction or {@link CompletedRequestValve}, a repeat of the answer by the BYE's
 * client transaction or dropped (the node's responses without a transaction), and any other
 * request in the dialog gets 481, as RFC 3261 section 15.1.2 has it. Not when the BYE leaves, which
 * is when the RI turns the dialog Terminated: a challenged BYE is sent again from the dialog (its
 * route set, its CSeq). The next tick rather than at once: the RI lets a completed transaction drop
 * its reference to the dialog only while the dialog is still in the stack's tables, which it checks
 * after the listener has returned.</li>
 * </ul>
 * Without the RI's task or its field (another RI version), dialogs linger as the RI has them, with a
 * warning at start.
 */
public final class DialogLinger {

    private static final Logger LOG = LoggerFactory.getLogger(DialogLinger.class);

    /** SIPDialog.LingerTimer, its enclosing dialog, and its constructor; all null for an unknown RI. */
    private static final Class<?> TASK_TYPE;
    private static final VarHandle DIALOG_OF_TASK;
    private static final MethodHandle NEW_TASK;

    static {
        Class<?> type = null;
        VarHandle dialog = null;
        MethodHandle constructor = null;
        try {
            type = Class.forName(SIPDialog.class.getName() + "$LingerTimer");
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
            dialog = lookup.findVarHandle(type, "this$0", SIPDialog.class);
            constructor = lookup.findConstructor(type, MethodType.methodType(void.class, SIPDialog.class))
                    .asType(MethodType.methodType(SIPStackTimerTask.class, SIPDialog.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("this JAIN-SIP RI has no SIPDialog.LingerTimer as expected ({}): every ended dialog stays"
                    + " in memory for the stack's linger", e.toString());
            type = null;
            dialog = null;
            constructor = null;
        }
        TASK_TYPE = type;
        DIALOG_OF_TASK = dialog;
        NEW_TASK = constructor;
    }

    private DialogLinger() {
    }

    /**
     * What the timer runs for {@code task} when it is the RI's linger task: the task, run only if
     * its dialog is still reachable then. Null for any other task (the timer holds it as it is).
     */
    static Runnable weakly(SIPStackTimerTask task) {
        if (DIALOG_OF_TASK == null || task.getClass() != TASK_TYPE) {
            return null;
        }
        WeakReference<SIPDialog> dialog = new WeakReference<>((SIPDialog) DIALOG_OF_TASK.get(task));
        return () -> {
            SIPDialog d = dialog.get();
            if (d != null) {
                lingerTask(d).runTask();
            }
        };
    }

    /**
     * Has the stack forget {@code dialog} at its timer's next tick, if it is Terminated by then:
     * for a dialog whose BYE was answered. False when this RI cannot (the dialog then lingers).
     */
    static boolean endSoon(Dialog dialog, gov.nist.javax.sip.SipStackImpl stack) {
        gov.nist.javax.sip.stack.timers.SipTimer timer = stack.getTimer();
        if (NEW_TASK == null || !(dialog instanceof SIPDialog d) || timer == null || !timer.isStarted()) {
            return false;
        }
        if (d.getState() != DialogState.TERMINATED) {
            return false;
        }
        return timer.schedule(new Removal(stack, d), 0);
    }

    /**
     * Takes an ended dialog out of the stack's tables (which reports it terminated): the first half
     * of the RI's linger task. Not its clean-up, which turns the dialog's headers into strings for
     * whoever still holds the dialog (about 1 % of the engine's CPU under call load, JFR): a dialog
     * nothing holds goes as it is, and one still held gets that clean-up from the RI's own task at
     * its time ({@link #weakly}).
     */
    private static final class Removal extends SIPStackTimerTask {
        private final gov.nist.javax.sip.stack.SIPTransactionStack stack;
        private final SIPDialog dialog;

        Removal(gov.nist.javax.sip.stack.SIPTransactionStack stack, SIPDialog dialog) {
            this.stack = stack;
            this.dialog = dialog;
        }

        @Override
        public void runTask() {
            stack.removeDialog(dialog);
        }

        @Override
        public Object getThreadHash() {
            return null;
        }
    }

    private static SIPStackTimerTask lingerTask(SIPDialog dialog) {
        try {
            return (SIPStackTimerTask) NEW_TASK.invokeExact(dialog);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot create the RI's linger task", e);
        }
    }
}
