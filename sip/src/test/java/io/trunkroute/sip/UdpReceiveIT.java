package io.trunkroute.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

/**
 * The UDP receive loop reuses one buffer (CompactUdpProcessorFactory): a burst of datagrams of
 * very different sizes, sent faster than the stack parses them, must each arrive whole. Were a
 * queued datagram still pointing into the shared buffer, the next one would overwrite it and the
 * Call-IDs answered would not be the Call-IDs sent.
 */
class UdpReceiveIT extends SipComponentTestSupport {

    private static final int REQUESTS = 400;
    private static final Pattern CALL_ID = Pattern.compile("(?im)^(?:Call-ID|i)\\s*:\\s*(\\S+)\\s*$");

    /**
     * No limit on how long an INVITE may wait ({@code DatagramLanes}): a cold node parses this burst
     * for longer than the default 400 ms, and this sender, unlike a UAC, never repeats what is dropped.
     */
    @Override
    protected void configureSip(SipComponent sip) {
        sip.setInviteMaxWait(0);
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("sip:calls?methods=INVITE").setHeader(SipConstants.STATUS_CODE, constant(486));
            }
        };
    }

    @Test
    void everyDatagramOfABurstArrivesWholeWhateverItsSize() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            socket.setReceiveBufferSize(4 << 20);
            socket.setSoTimeout(3000);
            Set<String> sent = new HashSet<>();
            for (int i = 0; i < REQUESTS; i++) {
                // Large and small alternate: 40 to ~12,000 bytes of padding.
                int padding = i % 2 == 0 ? 12_000 - (i * 7) % 4000 : 40 + i % 50;
                String callId = "burst-" + i + "-" + padding;
                byte[] bytes = invite(socket.getLocalPort(), callId, padding);
                socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), sipPort));
                sent.add(callId);
            }
            Map<String, String> answered = new HashMap<>();
            byte[] buf = new byte[65_535];
            while (answered.size() < REQUESTS) {
                DatagramPacket in = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(in);
                } catch (SocketTimeoutException e) {
                    break;
                }
                String text = new String(in.getData(), 0, in.getLength(), StandardCharsets.UTF_8);
                String status = text.substring(0, text.indexOf("\r\n"));
                Matcher m = CALL_ID.matcher(text);
                assertThat(m.find()).as("Call-ID in %s", status).isTrue();
                if (!status.startsWith("SIP/2.0 1")) {
                    answered.put(m.group(1), status);
                }
            }
            assertThat(answered.keySet()).containsExactlyInAnyOrderElementsOf(sent);
            assertThat(answered.values()).allSatisfy(s -> assertThat(s).startsWith("SIP/2.0 486"));
        }
    }

    private static byte[] invite(int localPort, String callId, int padding) {
        String text = ("INVITE sip:74951234567@127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + localPort + ";branch=z9hG4bK-" + callId + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:201@127.0.0.1>;tag=" + callId.hashCode() + "\r\n"
                + "To: <sip:74951234567@127.0.0.1>\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 INVITE\r\n"
                + "Contact: <sip:201@127.0.0.1:" + localPort + ">\r\n"
                + "X-Padding: " + "p".repeat(padding) + "\r\n"
                + "Content-Length: 0\r\n\r\n");
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
