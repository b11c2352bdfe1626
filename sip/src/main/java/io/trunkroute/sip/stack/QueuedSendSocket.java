package io.trunkroute.sip.stack;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UDP listening socket as the RI's workers see it ({@link CompactUdpProcessorFactory}): a worker
 * that would wait for another's send queues its datagram for one sender thread instead, and goes on;
 * datagrams leave in the order given. What is read, and every setting, is the bound socket's.
 *
 * <p>Why: the JDK sends on a datagram socket under one lock. Every response and request of the node
 * leaves from its listening socket, so all SIP workers take that lock; when the thread holding it is
 * preempted (a busy host, where the workers share the CPUs with other processes), every other
 * worker stops at its next send until the holder runs again. At 1,600 calls/s in {@code bench/calls}
 * on 2 vCPUs, JFR counted 2,132 waits of 10 ms or more for that lock in 25 s (39 s in all across the
 * workers, as long as they waited for work); at 1,900 calls/s the host showed 5-10 % idle CPU
 * while datagrams waited in {@link DatagramLanes} and INVITEs were dropped. Here a worker sends itself only when nobody else is sending and nothing is
 * queued; otherwise its datagram is queued and it goes on.
 *
 * <p>What a worker loses: a failed send of a queued datagram is no longer an {@code IOException} to
 * the RI. Over an unconnected UDP socket the kernel reports hardly any failure at send time anyway
 * (a lost datagram is found by the transaction's timers, as before); the sender logs and counts what
 * does fail. At
 * most {@link #MAX_QUEUED} datagrams wait; beyond that a send is dropped and counted, like a datagram
 * the kernel drops on a full buffer.
 */
final class QueuedSendSocket extends DatagramSocket {

    /** Datagrams that may wait for the sender: about 8 s of a 2,000 calls/s node's sends (six a call). */
    static final int MAX_QUEUED = 100_000;

    private static final Logger LOG = LoggerFactory.getLogger(QueuedSendSocket.class);

    private final DatagramSocket socket;
    private final int maxQueued;
    private final ConcurrentLinkedQueue<DatagramPacket> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    /** Held by whoever sends on the socket: the sender thread, or a worker that found the queue empty. */
    private final ReentrantLock sending = new ReentrantLock();
    private final LongAdder failed = new LongAdder();
    private final Thread sender;
    private volatile boolean parked;
    private volatile boolean open = true;

    /** @param socket the bound socket, which this one closes */
    QueuedSendSocket(DatagramSocket socket, String threadName) throws SocketException {
        this(socket, threadName, MAX_QUEUED);
    }

    QueuedSendSocket(DatagramSocket socket, String threadName, int maxQueued) throws SocketException {
        super((SocketAddress) null); // unbound and unused: every call goes to socket
        this.socket = socket;
        this.maxQueued = maxQueued;
        this.sender = new Thread(this::sendQueued, threadName);
        sender.setDaemon(true);
        sender.start();
    }

    /**
     * Sends the packet at once when nothing is queued and no other thread is sending; otherwise queues
     * it for the sender (the caller must not change it afterwards) and goes on.
     */
    @Override
    public void send(DatagramPacket packet) throws IOException {
        if (!open) {
            failed.increment();
            return;
        }
        // Sending directly while nobody else is saves a hand-over to the sender thread (a wake-up and
        // a context switch per datagram when the node is not busy). Only with nothing queued: what
        // was queued first leaves first.
        if (queued.get() == 0 && sending.tryLock()) {
            try {
                if (queue.isEmpty()) {
                    socket.send(packet);
                    return;
                }
            } finally {
                sending.unlock();
            }
        }
        if (queued.incrementAndGet() > maxQueued) {
            queued.decrementAndGet();
            failed.increment();
            return;
        }
        queue.offer(packet);
        if (parked) {
            LockSupport.unpark(sender);
        }
    }

    private void sendQueued() {
        int reported = 0;
        while (open || !queue.isEmpty()) {
            sending.lock();
            try {
                DatagramPacket packet;
                while ((packet = queue.poll()) != null) {
                    queued.decrementAndGet();
                    try {
                        socket.send(packet);
                        reported = 0;
                    } catch (IOException | RuntimeException e) {
                        failed.increment();
                        if (socket.isClosed()) {
                            return;
                        }
                        if (reported++ < 10) { // then silence until a send succeeds, as the RI's reader does
                            LOG.warn("UDP send to {} failed: {}", packet.getSocketAddress(), e.toString());
                        }
                    }
                }
            } finally {
                sending.unlock();
            }
            // Set before the last look at the queue: a send that queues after that look sees it and
            // wakes this thread (both are volatile, so one of the two sees the other).
            parked = true;
            if (queue.isEmpty() && open) {
                LockSupport.park(this);
            }
            parked = false;
        }
    }

    /** Sends that were dropped (queue full, socket closed) or failed. */
    long failedSends() {
        return failed.sum();
    }

    int queuedSends() {
        return queued.get();
    }

    @Override
    public void receive(DatagramPacket packet) throws IOException {
        socket.receive(packet);
    }

    @Override
    public InetAddress getLocalAddress() {
        return socket.getLocalAddress();
    }

    @Override
    public int getLocalPort() {
        return socket.getLocalPort();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return socket.getLocalSocketAddress();
    }

    @Override
    public boolean isBound() {
        return socket.isBound();
    }

    @Override
    public boolean isClosed() {
        return socket.isClosed();
    }

    @Override
    public void setReceiveBufferSize(int size) throws SocketException {
        socket.setReceiveBufferSize(size);
    }

    @Override
    public int getReceiveBufferSize() throws SocketException {
        return socket.getReceiveBufferSize();
    }

    @Override
    public void setSendBufferSize(int size) throws SocketException {
        socket.setSendBufferSize(size);
    }

    @Override
    public int getSendBufferSize() throws SocketException {
        return socket.getSendBufferSize();
    }

    @Override
    public void setSoTimeout(int timeout) throws SocketException {
        socket.setSoTimeout(timeout);
    }

    @Override
    public int getSoTimeout() throws SocketException {
        return socket.getSoTimeout();
    }

    /** Sends what is queued, then closes the bound socket. */
    @Override
    public void close() {
        open = false;
        LockSupport.unpark(sender);
        try {
            sender.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        socket.close();
        super.close();
    }
}
