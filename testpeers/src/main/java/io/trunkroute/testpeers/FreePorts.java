package io.trunkroute.testpeers;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands out loopback ports free for both UDP and TCP (a SIP peer listens on both). Ports are
 * never handed out twice in one JVM, and each JVM starts at a random offset so test forks and
 * a second run right after the first do not collide on a port still in TIME_WAIT.
 */
public final class FreePorts {

    private static final int LOW = 21_000;
    private static final int HIGH = 59_000;
    private static final AtomicInteger NEXT = new AtomicInteger(
            LOW + ThreadLocalRandom.current().nextInt((HIGH - LOW) / 2));

    private FreePorts() {
    }

    public static int udpAndTcp() {
        for (int attempt = 0; attempt < 500; attempt++) {
            int port = NEXT.getAndAdd(2);
            if (port > HIGH) {
                NEXT.set(LOW);
                continue;
            }
            if (isFree(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free UDP+TCP port on 127.0.0.1 in " + LOW + ".." + HIGH);
    }

    static boolean isFree(int port) {
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
             ServerSocket tcp = new ServerSocket()) {
            tcp.setReuseAddress(false);
            tcp.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return udp.isBound() && tcp.isBound();
        } catch (IOException e) {
            return false;
        }
    }
}
