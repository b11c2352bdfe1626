package io.trunkroute.testpeers;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands out ports free for both UDP and TCP on every local address (peers bind 127.0.0.x and a
 * wildcard check sees them all). Ports come in blocks of four, because SIPp also binds its media
 * port + 2 for video. Never handed out twice in one JVM; each JVM starts at a random offset so
 * test forks and a second run right after the first do not collide on a port in TIME_WAIT.
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
            int port = NEXT.getAndAdd(4);
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
        for (int p = port; p < port + 4; p++) {
            try (DatagramSocket udp = new DatagramSocket(null); ServerSocket tcp = new ServerSocket()) {
                udp.setReuseAddress(false);
                udp.bind(new InetSocketAddress(p));
                tcp.setReuseAddress(false);
                tcp.bind(new InetSocketAddress(p));
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
