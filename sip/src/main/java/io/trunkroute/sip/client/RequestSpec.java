package io.trunkroute.sip.client;

import io.trunkroute.sip.stack.SipTransport;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Everything that varies between out-of-dialog requests the engine sends (REGISTER today,
 * OPTIONS and INVITE later). Built with {@link #builder(String)}; turned into a JAIN-SIP request by
 * {@link SipRequestFactory}.
 */
public final class RequestSpec {

    private final String method;
    private final String requestUri;
    private final String fromUri;
    private final String fromDisplayName;
    private final String toUri;
    private final String contactUri;
    private final Integer expires;
    private final String callId;
    private final long cseq;
    private final String outboundProxy;
    private final SipTransport transport;
    private final Map<String, String> extraHeaders;
    private final byte[] body;
    private final String contentType;
    private final java.util.List<String> extraContacts;

    private RequestSpec(Builder b) {
        this.method = b.method;
        this.requestUri = Objects.requireNonNull(b.requestUri, "requestUri");
        this.fromUri = Objects.requireNonNull(b.fromUri, "fromUri");
        this.fromDisplayName = b.fromDisplayName;
        this.toUri = b.toUri == null ? b.fromUri : b.toUri;
        this.contactUri = b.contactUri;
        this.expires = b.expires;
        this.callId = b.callId;
        this.cseq = b.cseq;
        this.outboundProxy = b.outboundProxy;
        this.transport = b.transport;
        this.extraHeaders = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.extraHeaders));
        this.body = b.body;
        this.contentType = b.contentType;
        this.extraContacts = java.util.List.copyOf(b.extraContacts);
    }

    public static Builder builder(String method) {
        return new Builder(method);
    }

    public String method() {
        return method;
    }

    public String requestUri() {
        return requestUri;
    }

    public String fromUri() {
        return fromUri;
    }

    public String fromDisplayName() {
        return fromDisplayName;
    }

    public String toUri() {
        return toUri;
    }

    public String contactUri() {
        return contactUri;
    }

    public Integer expires() {
        return expires;
    }

    /** Null means: let the factory make a new Call-ID. */
    public String callId() {
        return callId;
    }

    public long cseq() {
        return cseq;
    }

    public String outboundProxy() {
        return outboundProxy;
    }

    public SipTransport transport() {
        return transport;
    }

    public Map<String, String> extraHeaders() {
        return extraHeaders;
    }

    /** Further Contact header values, e.g. {@code <sip:old@10.0.0.1:5060>;expires=0} to remove a binding. */
    public java.util.List<String> extraContacts() {
        return extraContacts;
    }

    /** Message body (an SDP offer for INVITE), or null. */
    public byte[] body() {
        return body;
    }

    /** "type/subtype" of the body, e.g. application/sdp. */
    public String contentType() {
        return contentType;
    }

    public static final class Builder {
        private final String method;
        private String requestUri;
        private String fromUri;
        private String fromDisplayName;
        private String toUri;
        private String contactUri;
        private Integer expires;
        private String callId;
        private long cseq = 1;
        private String outboundProxy;
        private SipTransport transport = SipTransport.UDP;
        private final Map<String, String> extraHeaders = new LinkedHashMap<>();
        private byte[] body;
        private String contentType;
        private final java.util.List<String> extraContacts = new java.util.ArrayList<>();

        private Builder(String method) {
            this.method = Objects.requireNonNull(method, "method");
        }

        public Builder requestUri(String v) {
            requestUri = v;
            return this;
        }

        public Builder from(String uri) {
            fromUri = uri;
            return this;
        }

        public Builder fromDisplayName(String v) {
            fromDisplayName = v;
            return this;
        }

        public Builder to(String uri) {
            toUri = uri;
            return this;
        }

        public Builder contact(String uri) {
            contactUri = uri;
            return this;
        }

        public Builder expires(Integer seconds) {
            expires = seconds;
            return this;
        }

        public Builder callId(String v) {
            callId = v;
            return this;
        }

        public Builder cseq(long v) {
            if (v < 1 || v >= (1L << 31)) {
                throw new IllegalArgumentException("CSeq must be 1..2^31-1 (RFC 3261 section 8.1.1.5), was " + v);
            }
            cseq = v;
            return this;
        }

        /** A SIP URI ("sip:proxy.example:5060") put into a loose Route header. */
        public Builder outboundProxy(String v) {
            outboundProxy = v == null || v.isBlank() ? null : v;
            return this;
        }

        public Builder transport(SipTransport v) {
            transport = Objects.requireNonNull(v, "transport");
            return this;
        }

        public Builder header(String name, String value) {
            extraHeaders.put(name, value);
            return this;
        }

        /** Adds a Contact header value besides {@link #contact} (REGISTER may carry several). */
        public Builder extraContact(String headerValue) {
            extraContacts.add(headerValue);
            return this;
        }

        public Builder body(byte[] content, String type) {
            body = content;
            contentType = content == null ? null : type;
            return this;
        }

        public RequestSpec build() {
            return new RequestSpec(this);
        }
    }
}
