package io.trunkroute.trunks.registration;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The one thread registration logic runs on. Every state machine method is called from it, so
 * machines need no locks; results from the network hop back onto it with {@link #execute}.
 */
public interface TaskScheduler {

    /** A scheduled task that may be called off. */
    interface Cancellable {
        void cancel();
    }

    Cancellable schedule(Runnable task, Duration delay);

    void execute(Runnable task);

    /** Production scheduler over a single-threaded executor. */
    static TaskScheduler of(ScheduledExecutorService executor) {
        return new TaskScheduler() {
            @Override
            public Cancellable schedule(Runnable task, Duration delay) {
                ScheduledFuture<?> f = executor.schedule(task, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
                return () -> f.cancel(false);
            }

            @Override
            public void execute(Runnable task) {
                executor.execute(task);
            }
        };
    }
}
