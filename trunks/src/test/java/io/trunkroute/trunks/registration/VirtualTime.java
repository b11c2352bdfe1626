package io.trunkroute.trunks.registration;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.PriorityQueue;

/** A scheduler and clock on virtual time: {@link #advance} runs what falls due, in order. */
final class VirtualTime extends Clock implements TaskScheduler {

    private record Task(Instant due, long seq, Runnable run) {
    }

    private final PriorityQueue<Task> queue = new PriorityQueue<>((a, b) -> a.due.equals(b.due)
            ? Long.compare(a.seq, b.seq) : a.due.compareTo(b.due));
    private Instant now = Instant.parse("2026-11-24T12:00:00Z");
    private long seq;

    @Override
    public Cancellable schedule(Runnable task, Duration delay) {
        Task t = new Task(now.plus(delay), seq++, task);
        queue.add(t);
        return () -> queue.remove(t);
    }

    @Override
    public void execute(Runnable task) {
        queue.add(new Task(now, seq++, task));
    }

    /** Runs everything due within {@code d}, moving the clock to each task's time. */
    void advance(Duration d) {
        Instant end = now.plus(d);
        while (!queue.isEmpty() && !queue.peek().due.isAfter(end)) {
            Task t = queue.poll();
            now = t.due;
            t.run.run();
        }
        now = end;
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
