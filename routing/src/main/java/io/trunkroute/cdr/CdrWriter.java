package io.trunkroute.cdr;

import io.trunkroute.calls.CallListener;
import io.trunkroute.calls.CallRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes CDRs off the call path: a bounded queue drained in batches by one thread, so a slow
 * database never holds up a SIP thread. A full queue drops the CDR with an error log and a count
 * (visible in metrics) rather than blocking calls; a failed batch is retried before it is dropped.
 *
 * <p>A batch that is not full when the first CDR arrives waits {@link #GATHER_MS} for more: one
 * transaction for the CDRs of a tenth of a second instead of one per call or two. Without the
 * wait the writer woke some 660 times a second at 800 calls/s (its context switches in /proc),
 * each time for a transaction of a CDR or two. A full batch is written at once: the call whose CDR
 * fills it wakes the writer, so the gathering never holds back more than one batch.
 */
public final class CdrWriter implements CallListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CdrWriter.class);
    static final int BATCH = 200;
    /** How long a batch that is not yet full gathers CDRs before it is written. */
    static final long GATHER_MS = 100;

    private final CdrStore store;
    private final BlockingQueue<Cdr> queue;
    private final long gatherMillis;
    private final Thread worker;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean running = true;

    public CdrWriter(CdrStore store, int capacity) {
        this(store, capacity, GATHER_MS);
    }

    CdrWriter(CdrStore store, int capacity, long gatherMillis) {
        this.store = store;
        this.gatherMillis = gatherMillis;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.worker = new Thread(this::drain, "cdr-writer");
        this.worker.setDaemon(true);
        this.worker.start();
    }

    @Override
    public void onCallEnded(CallRecord record) {
        Cdr cdr = Cdr.of(record);
        if (!queue.offer(cdr)) {
            dropped.incrementAndGet();
            LOG.error("CDR queue full: CDR of call {} dropped", record.callId());
        } else if (queue.size() >= BATCH) {
            LockSupport.unpark(worker); // a full batch does not wait for the end of the gathering
        }
    }

    private void drain() {
        List<Cdr> batch = new ArrayList<>(BATCH);
        while (running || !queue.isEmpty()) {
            try {
                Cdr first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                if (batch.size() < BATCH) {
                    gather(batch.size());
                    queue.drainTo(batch, BATCH - batch.size());
                }
                write(batch);
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Waits until the batch could be filled, the gathering time is up, or the writer closes. */
    private void gather(int taken) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(gatherMillis);
        long left;
        while (running && queue.size() < BATCH - taken && (left = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(this, left); // woken early by a full batch or by close()
        }
    }

    private void write(List<Cdr> batch) throws InterruptedException {
        for (int attempt = 1; attempt <= 3; attempt++) {
            try {
                store.insert(batch);
                written.addAndGet(batch.size());
                return;
            } catch (Exception e) {
                LOG.warn("writing {} CDR(s) failed (attempt {}/3): {}", batch.size(), attempt, e.getMessage());
                Thread.sleep(200L * attempt);
            }
        }
        dropped.addAndGet(batch.size());
        LOG.error("{} CDR(s) could not be written and were dropped", batch.size());
    }

    public long written() {
        return written.get();
    }

    public long dropped() {
        return dropped.get();
    }

    /** Writes what is queued, then stops (bounded wait). */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(worker);
        try {
            worker.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
