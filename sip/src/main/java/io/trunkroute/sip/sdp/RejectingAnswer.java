package io.trunkroute.sip.sdp;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.List;
import java.util.Optional;
import java.util.Vector;
import javax.sdp.MediaDescription;
import javax.sdp.SdpException;
import javax.sdp.SdpFactory;
import javax.sdp.SessionDescription;
import javax.sip.header.ContentTypeHeader;
import javax.sip.message.Message;
import javax.sip.message.Request;

/**
 * An SDP answer that refuses every stream of an offer, for the ACK of a 2xx whose offer nobody will
 * answer: the engine hangs that session up. RFC 3261 section 13.2.2.4: "If the 2xx contains an
 * offer ..., the ACK MUST carry an answer in its body. If the offer in the 2xx response is not
 * acceptable, the UAC core MUST generate a valid answer in the ACK and then send a BYE
 * immediately." RFC 3264 section 6 rejects a stream with port 0, keeping one m-line per offered
 * stream, in order, with its media type, transport and formats.
 *
 * <p>The offer is parsed with the SDP parser that ships with JAIN-SIP ({@code javax.sdp}); the
 * answer is written as text because the factory's own session template looks the local host up.
 */
public final class RejectingAnswer {

    private static final String SDP = "sdp";

    private RejectingAnswer() {
    }

    /**
     * The answer refusing every stream of {@code offer}, its origin and connection at
     * {@code address} (an IPv4 or IPv6 literal or a host name); empty when the text is not an SDP
     * session description with at least one media line.
     */
    public static Optional<String> to(String offer, String address) {
        List<MediaDescription> media;
        try {
            SessionDescription sd = SdpFactory.getInstance().createSessionDescription(offer);
            @SuppressWarnings("unchecked")
            Vector<MediaDescription> m = sd.getMediaDescriptions(false);
            media = m == null ? List.of() : m;
        } catch (SdpException | RuntimeException unparsable) {
            return Optional.empty();
        }
        if (media.isEmpty()) {
            return Optional.empty();
        }
        String type = address.indexOf(':') >= 0 ? "IP6" : "IP4";
        long version = System.currentTimeMillis() / 1000;
        StringBuilder answer = new StringBuilder(128)
                .append("v=0\r\n")
                .append("o=- ").append(version).append(' ').append(version).append(" IN ").append(type).append(' ')
                .append(address).append("\r\n")
                .append("s=-\r\n")
                .append("c=IN ").append(type).append(' ').append(address).append("\r\n")
                .append("t=0 0\r\n");
        try {
            for (MediaDescription d : media) {
                javax.sdp.Media offered = d.getMedia();
                answer.append("m=").append(offered.getMediaType()).append(" 0 ").append(offered.getProtocol());
                Vector<?> formats = offered.getMediaFormats(false);
                if (formats == null || formats.isEmpty()) {
                    return Optional.empty();
                }
                for (Object f : formats) {
                    answer.append(' ').append(f.toString().trim());
                }
                answer.append("\r\n");
            }
        } catch (SdpException | RuntimeException unparsable) {
            return Optional.empty();
        }
        return Optional.of(answer.toString());
    }

    /**
     * Puts into {@code ack} the answer refusing the SDP offer that {@code withOffer} (a 2xx) carries;
     * false, and the ACK left without a body, when that body is not an SDP offer.
     */
    public static boolean putInto(Request ack, Message withOffer, String address) {
        ContentTypeHeader type = (ContentTypeHeader) withOffer.getHeader(ContentTypeHeader.NAME);
        byte[] body = withOffer.getRawContent();
        if (type == null || body == null || body.length == 0 || !SDP.equalsIgnoreCase(type.getContentSubType())) {
            return false;
        }
        Optional<String> answer = to(new String(body, StandardCharsets.UTF_8), address);
        if (answer.isEmpty()) {
            return false;
        }
        try {
            ack.setContent(answer.get().getBytes(StandardCharsets.UTF_8), (ContentTypeHeader) type.clone());
        } catch (ParseException e) {
            return false;
        }
        return true;
    }
}
