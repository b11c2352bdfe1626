package io.trunkroute.sip.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import gov.nist.javax.sip.stack.SIPStackTimerTask;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The stack's timer contract, as the RI uses it, on the wheel. */
class WheelSipTimerTest {

    private final WheelSipTimer timer = new WheelSipTimer();

    @BeforeEach
    void start() {
        timer.start(null, new Properties());
    }

    @AfterEach
    void stop() {
        timer.stop();
    }

    @Test
    void aTaskRunsOnceAndNotBeforeItsDelay() throws Exception {
        Counting task = new Counting();
        long scheduled = System.nanoTime();

        timer.schedule(task, 200);

        await().atMost(Duration.ofSeconds(5)).until(() -> task.runs.get() == 1);
        assertThat(TimeUnit.NANOSECONDS.toMillis(task.firstRunAt.get() - scheduled)).isGreaterThanOrEqualTo(200);
        Thread.sleep(300);
        assertThat(task.runs).hasValue(1);
    }

    @Test
    void aCancelledTaskNeverRunsAndIsCleanedUp() throws Exception {
        Counting task = new Counting();
        timer.schedule(task, 150);

        assertThat(timer.cancel(task)).isTrue();

        assertThat(task.cleanedUp).isTrue();
        assertThat(task.getSipTimerTask()).isNull();
        Thread.sleep(400);
        assertThat(task.runs).hasValue(0);
        assertThat(timer.cancel(task)).as("a second cancel").isFalse();
    }

    @Test
    void aRepeatingTaskRunsUntilItCancelsItself() throws Exception {
        // The RI's transaction timer ticks every T1 and cancels itself when its transaction ends.
        CountDownLatch thirdRun = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        SIPStackTimerTask task = new Task() {
            @Override
            public void runTask() {
                if (runs.incrementAndGet() == 3) {
                    timer.cancel(this);
                    thirdRun.countDown();
                }
            }
        };

        timer.scheduleWithFixedDelay(task, 20, 30);

        assertThat(thirdRun.await(5, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(300);
        assertThat(runs).hasValue(3);
    }

    @Test
    void aRepeatingTaskCancelledFromOutsideStops() throws Exception {
        Counting task = new Counting();
        timer.scheduleWithFixedDelay(task, 10, 20);
        await().atMost(Duration.ofSeconds(5)).until(() -> task.runs.get() >= 2);

        assertThat(timer.cancel(task)).isTrue();
        Thread.sleep(100); // a run under way when cancelled may still end
        int afterCancel = task.runs.get();

        Thread.sleep(300);
        assertThat(task.runs).hasValue(afterCancel);
        assertThat(task.cleanedUp).isTrue();
    }

    @Test
    void aFailingTaskDoesNotStopTheTasksAfterIt() {
        SIPStackTimerTask failing = new Task() {
            @Override
            public void runTask() {
                throw new IllegalStateException("a task's own bug");
            }
        };
        Counting after = new Counting();

        timer.schedule(failing, 10);
        timer.schedule(after, 100);

        await().atMost(Duration.ofSeconds(5)).until(() -> after.runs.get() == 1);
    }

    @Test
    void aRepeatingTaskThatFailsOnceKeepsRunning() {
        AtomicInteger runs = new AtomicInteger();
        SIPStackTimerTask task = new Task() {
            @Override
            public void runTask() {
                if (runs.incrementAndGet() == 1) {
                    throw new IllegalStateException("a task's own bug");
                }
            }
        };

        timer.scheduleWithFixedDelay(task, 10, 20);

        await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() >= 3);
        timer.cancel(task);
    }

    @Test
    void aStoppedTimerTakesNoTask() {
        timer.stop();

        assertThat(timer.isStarted()).isFalse();
        assertThatThrownBy(() -> timer.schedule(new Counting(), 10)).isInstanceOf(IllegalStateException.class);
        Counting repeating = new Counting();
        assertThatThrownBy(() -> timer.scheduleWithFixedDelay(repeating, 10, 10))
                .isInstanceOf(IllegalStateException.class);
        assertThat(repeating.getSipTimerTask()).as("no handle left on a task refused").isNull();
    }

    @Test
    void aTaskMayStopTheTimer() throws Exception {
        // The stack stops from a listener, and listeners run on the timer thread for timeouts.
        CountDownLatch ran = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        timer.schedule(new Task() {
            @Override
            public void runTask() {
                try {
                    timer.stop();
                } catch (Throwable e) {
                    failure.set(e);
                }
                ran.countDown();
            }
        }, 10);

        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(failure.get()).isNull();
        assertThat(timer.isStarted()).isFalse();
        await().atMost(Duration.ofSeconds(5)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("sip-timer-") && t.isAlive()));
    }

    /** The stack's tasks name a thread-affinity key; the wheel runs every task on its one thread. */
    private abstract static class Task extends SIPStackTimerTask {
        @Override
        public Object getThreadHash() {
            return null;
        }
    }

    private static final class Counting extends Task {
        final AtomicInteger runs = new AtomicInteger();
        final AtomicLong firstRunAt = new AtomicLong();
        volatile boolean cleanedUp;

        @Override
        public void runTask() {
            if (runs.incrementAndGet() == 1) {
                firstRunAt.set(System.nanoTime());
            }
        }

        @Override
        public void cleanUpBeforeCancel() {
            cleanedUp = true;
        }
    }
}
