package io.trunkroute.sip.stack;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.stack.SIPStackTimerTask;
import gov.nist.javax.sip.stack.timers.SipTimer;
import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SIP stack's timer on Netty's {@link HashedWheelTimer}: scheduling and cancelling cost the
 * same whatever the number of timers pending.
 *
 * <p>Why: the stack keeps several timers per transaction and dialog, most of them for the 32 s
 * that RFC 3261 keeps an ended transaction (timers J, K, D) or the stack keeps a dialog. Under
 * call load that is 10^5 timers pending. The RI's {@code ScheduledExecutorSipTimer} keeps them in a
 * binary heap, whose every insert, removal and poll walks ~17 levels of scattered objects: 6-7 % of
 * the engine's CPU at 1,000 calls/s (JFR, bench/calls), on the timer thread and on the threads
 * that cancel. A wheel places a timer in the slot of its tick and cancels it in place.
 *
 * <p>A timer fires up to one tick ({@value #TICK_MS} ms) late, never early; the stack's shortest
 * timer is T1 (500 ms). Like the RI's timers, all tasks run on one thread, one after the other.
 * Installed through {@code gov.nist.javax.sip.TIMER_CLASS_NAME}, which needs a public no-argument
 * constructor; the stack calls {@link #start} and {@link #stop}.
 */
public final class WheelSipTimer implements SipTimer {

    private static final Logger LOG = LoggerFactory.getLogger(WheelSipTimer.class);
    static final long TICK_MS = 10;
    /** Slots on the wheel: 4096 x 10 ms, so a timer of up to 41 s goes round at most once. */
    private static final int SLOTS = 4096;

    private volatile HashedWheelTimer wheel;
    private volatile Thread worker;

    @Override
    public void start(SipStackImpl sipStack, Properties configurationProperties) {
        String name = "sip-timer-" + configurationProperties.getProperty("javax.sip.STACK_NAME", "");
        wheel = new HashedWheelTimer(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            worker = t;
            return t;
        }, TICK_MS, TimeUnit.MILLISECONDS, SLOTS, false);
        wheel.start();
    }

    @Override
    public boolean isStarted() {
        return wheel != null;
    }

    /**
     * Stops the wheel; tasks not yet run are dropped. Called from a task (the stack stopped from
     * a listener running on this thread), the wheel is stopped from another thread: Netty refuses
     * to stop a wheel from its own worker, which waits for itself to end.
     */
    @Override
    public void stop() {
        HashedWheelTimer w = wheel;
        wheel = null;
        if (w == null) {
            return;
        }
        if (Thread.currentThread() == worker) {
            Thread stopper = new Thread(w::stop, Thread.currentThread().getName() + "-stop");
            stopper.setDaemon(true);
            stopper.start();
        } else {
            w.stop();
        }
    }

    @Override
    public boolean schedule(SIPStackTimerTask task, long delay) {
        // The RI's dialog linger task is held without its dialog (DialogLinger): an ended dialog
        // nothing else holds goes with the next collection, not a linger later.
        Runnable linger = DialogLinger.weakly(task);
        task.setSipTimerTask(running().newTimeout(linger == null ? t -> run(task) : t -> runLinger(linger),
                delay, TimeUnit.MILLISECONDS));
        return true;
    }

    @Override
    public boolean scheduleWithFixedDelay(SIPStackTimerTask task, long delay, long period) {
        HashedWheelTimer w = running();
        Repeating repeating = new Repeating(task, period);
        task.setSipTimerTask(repeating);
        repeating.arm(w, delay);
        return true;
    }

    @Override
    public boolean cancel(SIPStackTimerTask task) {
        Object handle = task.getSipTimerTask();
        if (handle == null) {
            return false;
        }
        task.cleanUpBeforeCancel();
        task.setSipTimerTask(null);
        if (handle instanceof Repeating repeating) {
            return repeating.cancel();
        }
        return ((Timeout) handle).cancel();
    }

    private HashedWheelTimer running() {
        HashedWheelTimer w = wheel;
        if (w == null) {
            throw new IllegalStateException("the SIP stack's timer has been stopped, no new task can be scheduled");
        }
        return w;
    }

    /** Runs a task; a failing task must not stop the timer thread or the tasks after it. */
    private static void run(SIPStackTimerTask task) {
        try {
            task.runTask();
        } catch (Throwable e) {
            LOG.error("SIP stack timer task {} failed", task.getClass().getName(), e);
        }
    }

    /** Runs a linger task held weakly; the task itself is not kept (it would keep its dialog). */
    private static void runLinger(Runnable linger) {
        try {
            linger.run();
        } catch (Throwable e) {
            LOG.error("SIP stack timer task SIPDialog.LingerTimer failed", e);
        }
    }

    /**
     * A task run every {@code period} ms after the end of its previous run, until cancelled: the
     * wheel has no periodic timer, so each run arms the next.
     */
    private static final class Repeating {
        private final SIPStackTimerTask task;
        private final long period;
        private final java.util.concurrent.atomic.AtomicBoolean cancelled = new java.util.concurrent.atomic.AtomicBoolean();
        private volatile Timeout next;

        Repeating(SIPStackTimerTask task, long period) {
            this.task = task;
            this.period = period;
        }

        void arm(HashedWheelTimer wheel, long delay) {
            next = wheel.newTimeout(t -> {
                if (cancelled.get()) {
                    return;
                }
                run(task);
                if (!cancelled.get()) {
                    rearm(wheel);
                }
            }, delay, TimeUnit.MILLISECONDS);
        }

        private void rearm(HashedWheelTimer wheel) {
            try {
                arm(wheel, period);
            } catch (IllegalStateException | java.util.concurrent.RejectedExecutionException stopped) {
                // the stack stopped while this task ran: nothing more to run
            }
        }

        /** True when this stopped the task's runs, false when it had been cancelled already. */
        boolean cancel() {
            if (!cancelled.compareAndSet(false, true)) {
                return false;
            }
            Timeout t = next;
            if (t != null) {
                t.cancel();
            }
            return true;
        }
    }
}
