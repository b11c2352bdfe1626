package io.trunkroute.sip.stack;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nist.javax.sip.stack.DatagramQueuedMessageDispatch;
import java.net.DatagramPacket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DatagramLanesTest {

    private final AtomicLong now = new AtomicLong(10_000);
    private final DatagramLanes lanes = new DatagramLanes(200, 8_000, now::get);

    @Test
    void whatEndsCallsIsTakenBeforeNewInvitesWhateverCameFirst() throws Exception {
        lanes.offer(datagram("INVITE sip:1@a SIP/2.0\r\n"));
        lanes.offer(datagram("CANCEL sip:1@a SIP/2.0\r\n"));
        lanes.offer(datagram("SIP/2.0 200 OK\r\n"));
        lanes.offer(datagram("BYE sip:2@a SIP/2.0\r\n"));
        lanes.offer(datagram("ACK sip:3@a SIP/2.0\r\n"));
        lanes.offer(datagram("INVITE sip:4@a SIP/2.0\r\n"));

        assertThat(lanes.size()).isEqualTo(6);
        List<String> taken = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            taken.add(firstLine(lanes.take()));
        }
        assertThat(taken).containsExactly("SIP/2.0 200 OK", "BYE sip:2@a SIP/2.0", "ACK sip:3@a SIP/2.0",
                "INVITE sip:1@a SIP/2.0", "CANCEL sip:1@a SIP/2.0", "INVITE sip:4@a SIP/2.0");
        assertThat(lanes.poll()).isNull();
        assertThat(lanes.shed()).isZero();
    }

    @Test
    void anInviteThatWaitedLongerThanTheLimitIsDroppedAndCounted() throws Exception {
        lanes.offer(datagram("INVITE sip:old@a SIP/2.0\r\n"));
        now.addAndGet(150);
        lanes.offer(datagram("INVITE sip:young@a SIP/2.0\r\n"));
        lanes.offer(datagram("SIP/2.0 180 Ringing\r\n"));
        now.addAndGet(51);

        assertThat(firstLine(lanes.take())).as("a response is not subject to the INVITE limit")
                .isEqualTo("SIP/2.0 180 Ringing");
        assertThat(firstLine(lanes.take())).isEqualTo("INVITE sip:young@a SIP/2.0");
        assertThat(lanes.shed()).isEqualTo(1);
        assertThat(lanes.size()).isZero();
    }

    @Test
    void anInviteExactlyAtTheLimitIsStillTaken() throws Exception {
        lanes.offer(datagram("INVITE sip:1@a SIP/2.0\r\n"));
        now.addAndGet(200);

        assertThat(firstLine(lanes.take())).isEqualTo("INVITE sip:1@a SIP/2.0");
        assertThat(lanes.shed()).isZero();
    }

    @Test
    void anyDatagramOlderThanTheStaleLimitIsDropped() {
        lanes.offer(datagram("SIP/2.0 200 OK\r\n"));
        now.addAndGet(8_001);
        lanes.offer(datagram("BYE sip:2@a SIP/2.0\r\n"));

        assertThat(firstLine(lanes.poll())).isEqualTo("BYE sip:2@a SIP/2.0");
        assertThat(lanes.stale()).isEqualTo(1);
        assertThat(lanes.shed()).isZero();
    }

    @Test
    void withoutLimitsNothingIsDropped() throws Exception {
        DatagramLanes unlimited = new DatagramLanes(0, 0, now::get);
        unlimited.offer(datagram("INVITE sip:1@a SIP/2.0\r\n"));
        unlimited.offer(datagram("SIP/2.0 200 OK\r\n"));
        now.addAndGet(60_000);

        assertThat(firstLine(unlimited.take())).isEqualTo("SIP/2.0 200 OK");
        assertThat(firstLine(unlimited.take())).isEqualTo("INVITE sip:1@a SIP/2.0");
        assertThat(unlimited.shed() + unlimited.stale()).isZero();
    }

    @Test
    void aWaitingWorkerGetsTheNextDatagramAndAnIdleOneTimesOut() throws Exception {
        assertThat(lanes.poll(20, TimeUnit.MILLISECONDS)).isNull();

        CompletableFuture<DatagramQueuedMessageDispatch> worker = CompletableFuture.supplyAsync(() -> {
            try {
                return lanes.take();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        lanes.offer(datagram("OPTIONS sip:a SIP/2.0\r\n"));

        assertThat(firstLine(worker.get(5, TimeUnit.SECONDS))).isEqualTo("OPTIONS sip:a SIP/2.0");
    }

    @Test
    void onlyInviteAndCancelRequestsStartWork() {
        assertThat(DatagramLanes.startsWork(bytes("INVITE sip:1@a SIP/2.0\r\n"))).isTrue();
        assertThat(DatagramLanes.startsWork(bytes("CANCEL sip:1@a SIP/2.0\r\n"))).isTrue();
        assertThat(DatagramLanes.startsWork(bytes("SIP/2.0 200 OK\r\nCSeq: 1 INVITE\r\n"))).isFalse();
        assertThat(DatagramLanes.startsWork(bytes("INVITEX sip:1@a SIP/2.0\r\n"))).isFalse();
        assertThat(DatagramLanes.startsWork(bytes("INV"))).isFalse();
        assertThat(DatagramLanes.startsWork(bytes("\r\n\r\n"))).isFalse();
    }

    private DatagramQueuedMessageDispatch datagram(String text) {
        byte[] b = bytes(text);
        return new DatagramQueuedMessageDispatch(new DatagramPacket(b, b.length), now.get());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static String firstLine(DatagramQueuedMessageDispatch d) {
        String text = new String(d.packet.getData(), 0, d.packet.getLength(), StandardCharsets.US_ASCII);
        return text.substring(0, text.indexOf("\r\n"));
    }
}
