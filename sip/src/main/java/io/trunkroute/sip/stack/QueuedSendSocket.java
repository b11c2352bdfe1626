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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UDP listening socket as the RI's workers see it ({@link CompactUdpProcessorFactory}): what they
 * send is queued and sent by one thread, in the order given; what is read, and every setting, is the
 * bound socket's.
 *
 * <p>Why: the JDK sends on a datagram socket under one lock. Every response and request of the node
 * leaves from its listening socket, so all SIP workers take that lock; when the thread holding it is
 * preempted (a busy host, where the workers share the CPUs with other processes), every other
 * worker stops at its next send until the holder runs again. At 1,600 calls/s in {@code bench/calls}
 * on 2 vCPUs, JFR counted 2,132 waits of 10 ms or more for that lock in 25 s (39 s in all across the
 * workers, as long as they waited for work), and the host had idle CPU while datagrams waited in
 * {@link DatagramLanes}. With one sender nothing contends for it, and a worker goes on once its
 * datagram is queued.
 *
 * <p>What a worker loses: a failed send is no longer an {@code IOException} to the RI. Over an
 * unconnected UDP socket the kernel reports hardly any failure at send time anyway (a lost datagram
 * is found by the transaction's timers, as before); the sender logs and counts what does fail. At
 * most {@link #MAX_QUEUED} datagrams wait; beyond that a send is dropped and counted, like a datagram
 * the kernel drops on a full buffer.
 */
final class QueuedSendSocket extends DatagramSocket {

    /** Datagrams that may wait for the sender: about 7 s of a 2,000 calls/s node's sends. */
    static final int MAX_QUEUED = 100_000;

    private static final Logger LOG = LoggerFactory.getLogger(QueuedSendSocket.class);

    private final DatagramSocket socket;
    private final ConcurrentLinkedQueue<DatagramPacket> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final LongAdder failed = new LongAdder();
    private final Thread sender;
    private volatile boolean parked;
    private volatile boolean open = true;

    /** @param socket the bound socket, which this one closes */
    QueuedSendSocket(DatagramSocket socket, String threadName) throws SocketException {
        super((SocketAddress) null); // unbound and unused: every call goes to socket
        this.socket = socket;
        this.sender = new Thread(this::sendQueued, threadName);
        sender.setDaemon(true);
        sender.start();
    }

    /** Queues the packet, which the caller must not change afterwards; never blocks. */
    @Override
    public void send(DatagramPacket packet) {
        if (!open) {
            failed.increment();
            return;
        }
        if (queued.incrementAndGet() > MAX_QUEUED) {
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
            DatagramPacket packet = queue.poll();
            if (packet == null) {
                // Set before the last look at the queue: a send that queues after that look sees it
                // and wakes this thread (both are volatile, so one of the two sees the other).
                parked = true;
                if (queue.isEmpty() && open) {
                    LockSupport.park(this);
                }
                parked = false;
                continue;
            }
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
    public synchronized void setReceiveBufferSize(int size) throws SocketException {
        socket.setReceiveBufferSize(size);
    }

    @Override
    public synchronized int getReceiveBufferSize() throws SocketException {
        return socket.getReceiveBufferSize();
    }

    @Override
    public synchronized void setSendBufferSize(int size) throws SocketException {
        socket.setSendBufferSize(size);
    }

    @Override
    public synchronized int getSendBufferSize() throws SocketException {
        return socket.getSendBufferSize();
    }

    @Override
    public synchronized void setSoTimeout(int timeout) throws SocketException {
        socket.setSoTimeout(timeout);
    }

    @Override
    public synchronized int getSoTimeout() throws SocketException {
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
