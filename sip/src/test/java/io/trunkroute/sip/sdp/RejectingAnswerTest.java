package io.trunkroute.sip.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Vector;
import javax.sdp.MediaDescription;
import javax.sdp.SdpFactory;
import javax.sdp.SessionDescription;
import javax.sip.SipFactory;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.Test;

/** The answer refusing an offer, read back with the same SDP parser, and put into RI-parsed ACKs. */
class RejectingAnswerTest {

    private static final String OFFER = "v=0\r\n"
            + "o=callee 53655765 2353687637 IN IP4 192.0.2.20\r\n"
            + "s=call\r\n"
            + "c=IN IP4 192.0.2.20\r\n"
            + "t=0 0\r\n"
            + "m=audio 40000 RTP/AVP 8 0 101\r\n"
            + "a=rtpmap:101 telephone-event/8000\r\n"
            + "m=video 40002 RTP/AVP 96\r\n"
            + "a=rtpmap:96 H264/90000\r\n"
            + "m=image 40004 udptl t38\r\n";

    private final MessageFactory messages;

    RejectingAnswerTest() throws Exception {
        SipFactory f = SipFactory.getInstance();
        f.setPathName("gov.nist");
        messages = f.createMessageFactory();
    }

    @Test
    void everyOfferedStreamIsRefusedInOrderWithItsTypeTransportAndFormats() throws Exception {
        String answer = RejectingAnswer.to(OFFER, "192.0.2.1").orElseThrow();

        SessionDescription sd = SdpFactory.getInstance().createSessionDescription(answer);
        @SuppressWarnings("unchecked")
        List<MediaDescription> media = new Vector<MediaDescription>(sd.getMediaDescriptions(false));
        assertThat(media).hasSize(3);
        assertThat(media).allSatisfy(m -> assertThat(m.getMedia().getMediaPort()).isZero());
        assertThat(media.stream().map(m -> line(m))).containsExactly(
                "m=audio 0 RTP/AVP 8 0 101", "m=video 0 RTP/AVP 96", "m=image 0 udptl t38");
        assertThat(sd.getOrigin().getAddress()).isEqualTo("192.0.2.1");
        assertThat(sd.getConnection().getAddress()).isEqualTo("192.0.2.1");
        assertThat(answer).doesNotContain("192.0.2.20").doesNotContain("a=rtpmap");
    }

    @Test
    void anIpv6AddressIsWrittenAsIp6() {
        assertThat(RejectingAnswer.to(OFFER, "2001:db8::1").orElseThrow())
                .contains("o=- ").contains(" IN IP6 2001:db8::1\r\n").contains("c=IN IP6 2001:db8::1\r\n");
    }

    @Test
    void aBodyWithoutMediaLinesOrNotSdpGetsNoAnswer() {
        assertThat(RejectingAnswer.to("v=0\r\no=- 1 1 IN IP4 192.0.2.20\r\ns=-\r\nt=0 0\r\n", "192.0.2.1")).isEmpty();
        assertThat(RejectingAnswer.to("<xml>not sdp</xml>", "192.0.2.1")).isEmpty();
    }

    @Test
    void theAnswerGoesIntoTheAckOnlyWhenThe2xxCarriesSdp() throws Exception {
        Request ack = ack();
        assertThat(RejectingAnswer.putInto(ack, ok("application", "sdp", OFFER), "192.0.2.1")).isTrue();
        assertThat(ack.getContentLength().getContentLength()).isPositive();
        assertThat(new String(ack.getRawContent(), StandardCharsets.UTF_8)).contains("m=audio 0 RTP/AVP 8 0 101");
        assertThat(ack.getHeader("Content-Type").toString()).containsIgnoringCase("application/sdp");

        Request other = ack();
        assertThat(RejectingAnswer.putInto(other, ok("application", "xml", OFFER), "192.0.2.1")).isFalse();
        assertThat(RejectingAnswer.putInto(other, ok(null, null, null), "192.0.2.1")).isFalse();
        assertThat(other.getRawContent()).isNull();
    }

    private static String line(MediaDescription m) {
        return m.getMedia().toString().trim();
    }

    private Request ack() throws Exception {
        return messages.createRequest("ACK sip:callee@192.0.2.20:5060 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-ack1\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:201@192.0.2.1>;tag=e1\r\n"
                + "To: <sip:79001234567@192.0.2.20>;tag=c1\r\n"
                + "Call-ID: c1@192.0.2.1\r\n"
                + "CSeq: 1 ACK\r\n"
                + "Content-Length: 0\r\n\r\n");
    }

    private Response ok(String type, String subType, String body) throws Exception {
        String head = "SIP/2.0 200 OK\r\n"
                + "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-inv1\r\n"
                + "From: <sip:201@192.0.2.1>;tag=e1\r\n"
                + "To: <sip:79001234567@192.0.2.20>;tag=c1\r\n"
                + "Call-ID: c1@192.0.2.1\r\n"
                + "CSeq: 1 INVITE\r\n";
        if (body == null) {
            return messages.createResponse(head + "Content-Length: 0\r\n\r\n");
        }
        return messages.createResponse(head + "Content-Type: " + type + "/" + subType + "\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body);
    }
}
