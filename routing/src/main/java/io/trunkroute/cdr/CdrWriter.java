package io.trunkroute.cdr;

import io.trunkroute.calls.CallListener;
import io.trunkroute.calls.CallRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes CDRs off the call path: a bounded queue drained in batches by one thread, so a slow
 * database never holds up a SIP thread. A full queue drops the CDR with an error log and a count
 * (visible in metrics) rather than blocking calls; a failed batch is retried before it is dropped.
 */
public final class CdrWriter implements CallListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CdrWriter.class);
    private static final int BATCH = 200;

    private final CdrStore store;
    private final BlockingQueue<Cdr> queue;
    private final Thread worker;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean running = true;

    public CdrWriter(CdrStore store, int capacity) {
        this.store = store;
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
                write(batch);
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
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
        try {
            worker.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
