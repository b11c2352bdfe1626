package io.trunkroute.sip.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real loopback sockets: what the wrapper sends leaves from the bound socket, in order. */
class QueuedSendSocketTest {

    private final List<DatagramSocket> sockets = new ArrayList<>();

    @AfterEach
    void close() {
        sockets.forEach(DatagramSocket::close);
    }

    @Test
    void sendsFromTheBoundSocketInTheOrderGiven() throws Exception {
        DatagramSocket bound = socket();
        DatagramSocket peer = socket();
        QueuedSendSocket queued = new QueuedSendSocket(bound, "test-sender");
        sockets.add(queued);

        // The peer reads while the sends go out: 300 datagrams need not fit its buffer at once.
        List<String> got = new ArrayList<>();
        List<Integer> fromPorts = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try {
                for (int i = 0; i < 300; i++) {
                    DatagramPacket p = new DatagramPacket(new byte[100], 100);
                    peer.receive(p);
                    got.add(new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII));
                    fromPorts.add(p.getPort());
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        reader.start();
        for (int i = 0; i < 300; i++) {
            queued.send(packet("m" + i, peer));
        }
        reader.join(10_000);

        assertThat(got).hasSize(300);
        for (int i = 0; i < 300; i++) {
            assertThat(got.get(i)).isEqualTo("m" + i);
        }
        assertThat(fromPorts).containsOnly(bound.getLocalPort());
        assertThat(queued.failedSends()).isZero();
    }

    @Test
    void readsAndSettingsAreTheBoundSockets() throws Exception {
        DatagramSocket bound = socket();
        QueuedSendSocket queued = new QueuedSendSocket(bound, "test-sender");
        sockets.add(queued);
        DatagramSocket peer = socket();

        assertThat(queued.getLocalPort()).isEqualTo(bound.getLocalPort());
        assertThat(queued.getLocalAddress()).isEqualTo(bound.getLocalAddress());
        queued.setReceiveBufferSize(128 * 1024);
        assertThat(queued.getReceiveBufferSize()).isEqualTo(bound.getReceiveBufferSize());
        queued.setSoTimeout(5_000);
        assertThat(bound.getSoTimeout()).isEqualTo(5_000);

        peer.send(packet("hello", bound));
        DatagramPacket p = new DatagramPacket(new byte[100], 100);
        queued.receive(p);
        assertThat(new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII)).isEqualTo("hello");
    }

    /**
     * A send while another is under way is queued, not waited for; past the cap it is dropped. The
     * first send goes out directly and is held in the socket: three then wait, the fifth is dropped.
     */
    @Test
    void sendsWhileAnotherIsUnderWayAreQueuedAndTheCapDrops() throws Exception {
        CountDownLatch sendingFirst = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        DatagramSocket held = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)) {
            @Override
            public void send(DatagramPacket p) throws IOException {
                if (sendingFirst.getCount() > 0) {
                    sendingFirst.countDown();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                super.send(p);
            }
        };
        sockets.add(held);
        DatagramSocket peer = socket();
        peer.setSoTimeout(5_000);
        QueuedSendSocket queued = new QueuedSendSocket(held, "test-sender", 3);
        sockets.add(queued);

        Thread first = new Thread(() -> {
            try {
                queued.send(packet("first", peer));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        first.start();
        assertThat(sendingFirst.await(5, TimeUnit.SECONDS)).isTrue();
        for (int i = 2; i <= 5; i++) {
            queued.send(packet("m" + i, peer)); // returns at once although "first" is still being sent
        }
        assertThat(queued.failedSends()).isEqualTo(1);
        assertThat(queued.queuedSends()).isEqualTo(3);

        release.countDown();
        first.join(5_000);
        List<String> got = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            DatagramPacket p = new DatagramPacket(new byte[100], 100);
            peer.receive(p);
            got.add(new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII));
        }
        assertThat(got).containsExactly("first", "m2", "m3", "m4");
        assertThat(queued.queuedSends()).isZero();
    }

    @Test
    void closeSendsWhatIsQueuedThenClosesTheBoundSocket() throws Exception {
        DatagramSocket bound = socket();
        DatagramSocket peer = socket();
        peer.setReceiveBufferSize(1 << 20);
        peer.setSoTimeout(5_000);
        QueuedSendSocket queued = new QueuedSendSocket(bound, "test-sender");
        for (int i = 0; i < 50; i++) {
            queued.send(packet("m" + i, peer));
        }
        queued.close();

        assertThat(bound.isClosed()).isTrue();
        assertThat(queued.isClosed()).isTrue();
        for (int i = 0; i < 50; i++) {
            DatagramPacket p = new DatagramPacket(new byte[100], 100);
            peer.receive(p);
            assertThat(new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII)).isEqualTo("m" + i);
        }
        queued.send(packet("late", peer));
        assertThat(queued.failedSends()).isEqualTo(1);
    }

    private DatagramSocket socket() throws IOException {
        DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        sockets.add(s);
        return s;
    }

    private static DatagramPacket packet(String text, DatagramSocket to) {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        return new DatagramPacket(b, b.length, to.getLocalSocketAddress());
    }
}
