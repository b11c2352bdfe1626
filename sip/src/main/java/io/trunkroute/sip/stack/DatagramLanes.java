package io.trunkroute.sip.stack;

import gov.nist.javax.sip.stack.DatagramQueuedMessageDispatch;
import java.nio.charset.StandardCharsets;
import java.util.AbstractQueue;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The queue between the UDP reader and the SIP workers ({@link CompactUdpProcessorFactory}): two
 * lanes, so that under overload the node finishes the calls it has instead of collapsing.
 *
 * <p>Why: the RI queues every datagram read, unbounded and first in first out. When the workers
 * fall behind (the CPU is short, a GC pause) and a request waits longer than T1 (500 ms), its sender
 * repeats it, and the repeat is parsed and matched like any request: the work grows with the wait
 * and the wait with the work. In {@code bench/calls} at 2,200 calls/s the queue then held 15,000-22,000
 * datagrams waiting 1-1.9 s, every call's INVITE and BYE sent twice or more, and SIPp placed 1,380
 * calls/s; it does not come back while the load lasts. A carrier's proxy reading its socket directly
 * drops at the socket instead, after a wait bounded by the socket's buffer.
 *
 * <p>What: INVITE and CANCEL requests (new work, and a CANCEL must not overtake its INVITE) wait in
 * one lane, everything else (responses, ACK, BYE and other requests: what ends work under way) in
 * the other, which workers take first. An INVITE or CANCEL that waited longer than {@code maxWait}
 * is dropped when a worker reaches it, as if the network had lost it: its sender repeats it at T1
 * and the repeat gets a turn, while the INVITEs a worker does take reach the listener before their
 * sender repeats them (routing's calls answer 100 Trying at once, which stops the repeats). Any datagram older than {@code staleAfter} is dropped too, as the RI's
 * congestion auditor does ({@code CONGESTION_CONTROL_TIMEOUT}, 8 s), which this replaces.
 */
final class DatagramLanes extends AbstractQueue<DatagramQueuedMessageDispatch>
        implements BlockingQueue<DatagramQueuedMessageDispatch> {

    private static final byte[] INVITE = "INVITE ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CANCEL = "CANCEL ".getBytes(StandardCharsets.US_ASCII);

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final ArrayDeque<DatagramQueuedMessageDispatch> finishing = new ArrayDeque<>();
    private final ArrayDeque<DatagramQueuedMessageDispatch> starting = new ArrayDeque<>();
    private final long maxWaitMillis;
    private final long staleAfterMillis;
    private final LongSupplier clock;
    private final LongAdder shed = new LongAdder();
    private final LongAdder stale = new LongAdder();

    /**
     * @param maxWaitMillis how long an INVITE or CANCEL may wait for a worker; 0 for no limit
     * @param staleAfterMillis how long any datagram may wait; 0 for no limit
     * @param clock milliseconds on the clock of {@link DatagramQueuedMessageDispatch#getReceptionTime()}
     */
    DatagramLanes(long maxWaitMillis, long staleAfterMillis, LongSupplier clock) {
        this.maxWaitMillis = maxWaitMillis;
        this.staleAfterMillis = staleAfterMillis;
        this.clock = clock;
    }

    /** INVITEs and CANCELs dropped because they waited longer than the limit. */
    long shed() {
        return shed.sum();
    }

    /** Datagrams of the other lane dropped because they waited longer than the stale limit. */
    long stale() {
        return stale.sum();
    }

    static boolean startsWork(byte[] datagram) {
        return startsWith(datagram, INVITE) || startsWith(datagram, CANCEL);
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        if (data.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean offer(DatagramQueuedMessageDispatch d) {
        lock.lock();
        try {
            (startsWork(d.packet.getData()) ? starting : finishing).addLast(d);
            notEmpty.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void put(DatagramQueuedMessageDispatch d) {
        offer(d);
    }

    @Override
    public boolean offer(DatagramQueuedMessageDispatch d, long timeout, TimeUnit unit) {
        return offer(d);
    }

    @Override
    public DatagramQueuedMessageDispatch take() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            DatagramQueuedMessageDispatch d;
            while ((d = next()) == null) {
                notEmpty.await();
            }
            return d;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public DatagramQueuedMessageDispatch poll(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lockInterruptibly();
        try {
            DatagramQueuedMessageDispatch d;
            while ((d = next()) == null) {
                if (nanos <= 0) {
                    return null;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            return d;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public DatagramQueuedMessageDispatch poll() {
        lock.lock();
        try {
            return next();
        } finally {
            lock.unlock();
        }
    }

    /** The next datagram a worker should parse, dropping what waited too long; under the lock. */
    private DatagramQueuedMessageDispatch next() {
        long now = clock.getAsLong();
        DatagramQueuedMessageDispatch d;
        while ((d = finishing.pollFirst()) != null) {
            if (staleAfterMillis <= 0 || now - d.getReceptionTime() <= staleAfterMillis) {
                return d;
            }
            stale.increment();
        }
        while ((d = starting.pollFirst()) != null) {
            if (maxWaitMillis <= 0 || now - d.getReceptionTime() <= maxWaitMillis) {
                return d;
            }
            shed.increment();
        }
        return null;
    }

    @Override
    public DatagramQueuedMessageDispatch peek() {
        lock.lock();
        try {
            DatagramQueuedMessageDispatch d = finishing.peekFirst();
            return d != null ? d : starting.peekFirst();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int size() {
        lock.lock();
        try {
            return finishing.size() + starting.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int remainingCapacity() {
        return Integer.MAX_VALUE;
    }

    /** A snapshot, finishing lane first (the order workers take them in, before any is dropped). */
    @Override
    public Iterator<DatagramQueuedMessageDispatch> iterator() {
        lock.lock();
        try {
            List<DatagramQueuedMessageDispatch> all = new ArrayList<>(finishing);
            all.addAll(starting);
            return all.iterator();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int drainTo(Collection<? super DatagramQueuedMessageDispatch> c) {
        return drainTo(c, Integer.MAX_VALUE);
    }

    @Override
    public int drainTo(Collection<? super DatagramQueuedMessageDispatch> c, int maxElements) {
        lock.lock();
        try {
            int n = 0;
            DatagramQueuedMessageDispatch d;
            while (n < maxElements && (d = next()) != null) {
                c.add(d);
                n++;
            }
            return n;
        } finally {
            lock.unlock();
        }
    }
}
