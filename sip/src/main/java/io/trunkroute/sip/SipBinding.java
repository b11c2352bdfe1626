package io.trunkroute.sip;

import io.trunkroute.sip.auth.DigestCredentials;
import io.trunkroute.sip.client.RequestSpec;
import io.trunkroute.sip.client.SipResult;
import io.trunkroute.sip.stack.IncomingRequest;
import io.trunkroute.sip.stack.SipTransport;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import javax.sip.address.SipURI;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.MinExpiresHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** Maps between Camel messages and SIP: headers in to a {@link RequestSpec}, responses back out. */
final class SipBinding {

    private SipBinding() {
    }

    /** Reads the producer's input headers; a missing mandatory header is an IllegalArgumentException. */
    static RequestSpec toRequestSpec(Message in, SipConfiguration config) {
        String method = in.getHeader(SipConstants.METHOD, config.getMethod(), String.class);
        String transport = in.getHeader(SipConstants.TRANSPORT, config.getTransport(), String.class);
        RequestSpec.Builder b = RequestSpec.builder(method.trim().toUpperCase(java.util.Locale.ROOT))
                .requestUri(required(in, SipConstants.REQUEST_URI))
                .from(required(in, SipConstants.FROM))
                .fromDisplayName(in.getHeader(SipConstants.FROM_DISPLAY_NAME, String.class))
                .to(in.getHeader(SipConstants.TO, String.class))
                .contact(in.getHeader(SipConstants.CONTACT, String.class))
                .expires(in.getHeader(SipConstants.EXPIRES, Integer.class))
                .callId(in.getHeader(SipConstants.CALL_ID, String.class))
                .outboundProxy(in.getHeader(SipConstants.OUTBOUND_PROXY, String.class))
                .transport(SipTransport.fromToken(transport));
        Long cseq = in.getHeader(SipConstants.CSEQ, Long.class);
        if (cseq != null) {
            b.cseq(cseq);
        }
        List<?> extra = in.getHeader(SipConstants.EXTRA_CONTACTS, List.class);
        if (extra != null) {
            extra.forEach(c -> b.extraContact(String.valueOf(c)));
        }
        return b.build();
    }

    static DigestCredentials credentials(Message in) {
        return in.getHeader(SipConstants.CREDENTIALS, DigestCredentials.class);
    }

    private static String required(Message in, String header) {
        String value = in.getHeader(header, String.class);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("header " + header + " is required");
        }
        return value;
    }

    /** Writes the final response onto the exchange's message. */
    static void fromResult(SipResult result, Message out) {
        Response response = result.response();
        out.setHeader(SipConstants.STATUS_CODE, response.getStatusCode());
        out.setHeader(SipConstants.REASON_PHRASE, response.getReasonPhrase());
        out.setHeader(SipConstants.CSEQ, result.lastCSeq());
        out.setHeader(SipConstants.CALL_ID, ((CallIdHeader) response.getHeader(CallIdHeader.NAME)).getCallId());
        out.setHeader(SipConstants.AUTH_ROUNDS, result.authRounds());
        out.setHeader(SipConstants.RESPONSE, response);
        out.setHeader(SipConstants.RESPONSE_CONTACTS, contacts(response));
        ExpiresHeader expires = (ExpiresHeader) response.getHeader(ExpiresHeader.NAME);
        out.setHeader(SipConstants.RESPONSE_EXPIRES, expires == null ? null : expires.getExpires());
        MinExpiresHeader min = (MinExpiresHeader) response.getHeader(MinExpiresHeader.NAME);
        out.setHeader(SipConstants.MIN_EXPIRES, min == null ? null : min.getExpires());
        javax.sip.header.RetryAfterHeader retryAfter =
                (javax.sip.header.RetryAfterHeader) response.getHeader(javax.sip.header.RetryAfterHeader.NAME);
        out.setHeader(SipConstants.RETRY_AFTER, retryAfter == null ? null : retryAfter.getRetryAfter());
        byte[] body = response.getRawContent();
        out.setBody(body == null ? null : new String(body, java.nio.charset.StandardCharsets.UTF_8));
    }

    private static List<SipContact> contacts(Response response) {
        List<SipContact> contacts = new ArrayList<>();
        ListIterator<?> it = response.getHeaders(ContactHeader.NAME);
        while (it != null && it.hasNext()) {
            ContactHeader c = (ContactHeader) it.next();
            if (c.getAddress() == null) {
                continue;
            }
            int expires = c.getExpires();
            contacts.add(new SipContact(c.getAddress().getURI().toString(), expires < 0 ? null : expires));
        }
        return contacts;
    }

    /** Fills a consumer exchange from a new request. */
    static void fromIncoming(IncomingRequest incoming, Exchange exchange) {
        Request request = incoming.request();
        Message in = exchange.getIn();
        in.setHeader(SipConstants.METHOD, request.getMethod());
        in.setHeader(SipConstants.REQUEST_URI, request.getRequestURI().toString());
        in.setHeader(SipConstants.FROM, ((FromHeader) request.getHeader(FromHeader.NAME)).getAddress().getURI().toString());
        in.setHeader(SipConstants.TO, ((ToHeader) request.getHeader(ToHeader.NAME)).getAddress().getURI().toString());
        in.setHeader(SipConstants.CALL_ID, ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId());
        in.setHeader(SipConstants.SOURCE_ADDRESS, incoming.sourceAddress());
        in.setHeader(SipConstants.SOURCE_PORT, incoming.sourcePort());
        in.setHeader(SipConstants.REQUEST, request);
        in.setHeader(SipConstants.INCOMING_REQUEST, incoming);
        if (request.getRequestURI() instanceof SipURI uri && uri.getUser() != null) {
            in.setHeader("CamelSipRequestUser", uri.getUser());
        }
        byte[] body = request.getRawContent();
        in.setBody(body == null ? null : new String(body, java.nio.charset.StandardCharsets.UTF_8));
    }
}
