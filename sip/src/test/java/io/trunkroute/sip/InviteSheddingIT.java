package io.trunkroute.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

/**
 * An overloaded node finishes what it has before it starts new calls, and does not parse INVITEs
 * their senders are about to repeat ({@code DatagramLanes}): with its one worker held by a slow
 * route, requests that end work (here OPTIONS) are answered before INVITEs that came earlier,
 * INVITEs that waited longer than {@code invite-max-wait} are dropped unanswered and counted, and
 * a repeat of a dropped INVITE is answered.
 */
class InviteSheddingIT extends SipComponentTestSupport {

    private static final long MAX_WAIT_MS = 100;
    private static final Pattern CALL_ID = Pattern.compile("(?im)^Call-ID\\s*:\\s*(\\S+)\\s*$");

    private final CountDownLatch blocking = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    @Override
    protected void configureSip(SipComponent sip) {
        sip.setThreadPoolSize(1);
        sip.setInviteMaxWait(MAX_WAIT_MS);
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("sip:calls?methods=INVITE").process(e -> {
                    if ("blocker".equals(e.getMessage().getHeader(SipConstants.CALL_ID, String.class))) {
                        blocking.countDown();
                        release.await(5, TimeUnit.SECONDS);
                    }
                }).setHeader(SipConstants.STATUS_CODE, constant(486));
                from("sip:pings?methods=OPTIONS").setHeader(SipConstants.STATUS_CODE, constant(200));
            }
        };
    }

    @Test
    void answersWhatEndsWorkFirstAndDropsInvitesThatWaitedTooLong() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            socket.setSoTimeout(1500);
            send(socket, request("INVITE", "blocker", socket));
            assertThat(blocking.await(5, TimeUnit.SECONDS)).as("the one worker is held by the route").isTrue();

            for (int i = 1; i <= 3; i++) {
                send(socket, request("INVITE", "waited-" + i, socket));
            }
            send(socket, request("OPTIONS", "ping-1", socket));
            Thread.sleep(3 * MAX_WAIT_MS);
            send(socket, request("INVITE", "fresh", socket));
            send(socket, request("OPTIONS", "ping-2", socket));
            release.countDown();

            List<String> answered = finalAnswers(socket);
            assertThat(answered).as("final answers, by Call-ID, in the order they came")
                    .containsExactly("blocker", "ping-1", "ping-2", "fresh");
            SipComponent sip = context.getComponent("sip", SipComponent.class);
            assertThat(sip.getNode().invitesShed()).as("INVITEs dropped for waiting").isEqualTo(3);
            assertThat(sip.getNode().queuedDatagrams()).isZero();

            send(socket, request("INVITE", "waited-1", socket));
            // The 486s of the first round come again too (Timer G: nobody ACKs them here).
            assertThat(finalAnswers(socket)).as("the sender's repeat of a dropped INVITE").contains("waited-1")
                    .doesNotContain("waited-2", "waited-3");
        }
    }

    /** The Call-IDs of the final responses that arrive until the socket is quiet, each once. */
    private static List<String> finalAnswers(DatagramSocket socket) throws Exception {
        List<String> answered = new ArrayList<>();
        byte[] buf = new byte[65_535];
        while (true) {
            DatagramPacket in = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(in);
            } catch (SocketTimeoutException quiet) {
                return answered;
            }
            String text = new String(in.getData(), 0, in.getLength(), StandardCharsets.UTF_8);
            Matcher m = CALL_ID.matcher(text);
            if (!text.startsWith("SIP/2.0 1") && m.find() && !answered.contains(m.group(1))) {
                answered.add(m.group(1));
            }
        }
    }

    private void send(DatagramSocket socket, String text) throws Exception {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), sipPort));
    }

    private static String request(String method, String callId, DatagramSocket socket) {
        int port = socket.getLocalPort();
        return method + " sip:74951234567@127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + port + ";branch=z9hG4bK-" + callId + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:201@127.0.0.1>;tag=" + callId.hashCode() + "\r\n"
                + "To: <sip:74951234567@127.0.0.1>\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 " + method + "\r\n"
                + "Contact: <sip:201@127.0.0.1:" + port + ">\r\n"
                + "Content-Length: 0\r\n\r\n";
    }
}
