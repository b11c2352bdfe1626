package io.trunkroute.sip;

import org.apache.camel.spi.Metadata;

/** Camel message headers the SIP component reads and writes. */
public final class SipConstants {

    private SipConstants() {
    }

    // --- producer input (what to send) ---
    @Metadata(label = "producer", description = "SIP method to send; overrides the endpoint's method option.",
              javaType = "String")
    public static final String METHOD = "CamelSipMethod";
    @Metadata(label = "producer", description = "Request-URI, e.g. sip:sip.carrier.example:5060", javaType = "String")
    public static final String REQUEST_URI = "CamelSipRequestUri";
    @Metadata(label = "producer", description = "From URI (the address of record for REGISTER).", javaType = "String")
    public static final String FROM = "CamelSipFrom";
    @Metadata(label = "producer", description = "From display name.", javaType = "String")
    public static final String FROM_DISPLAY_NAME = "CamelSipFromDisplayName";
    @Metadata(label = "producer", description = "To URI; the From URI when absent.", javaType = "String")
    public static final String TO = "CamelSipTo";
    @Metadata(label = "producer", description = "Contact URI.", javaType = "String")
    public static final String CONTACT = "CamelSipContact";
    @Metadata(label = "producer", description = "More Contact header values, e.g. stale bindings with ;expires=0.",
              javaType = "java.util.List<String>")
    public static final String EXTRA_CONTACTS = "CamelSipExtraContacts";
    @Metadata(label = "producer", description = "Expires header value in seconds.", javaType = "Integer")
    public static final String EXPIRES = "CamelSipExpires";
    @Metadata(description = "Call-ID. Producer: keep it across REGISTER refreshes (RFC 3261 section 10.2.4).",
              javaType = "String")
    public static final String CALL_ID = "CamelSipCallId";
    @Metadata(description = "CSeq number. Producer input: the first CSeq to use; output: the last one used.",
              javaType = "Long")
    public static final String CSEQ = "CamelSipCSeq";
    @Metadata(label = "producer", description = "Transport (udp, tcp, tls); overrides the endpoint option.",
              javaType = "String")
    public static final String TRANSPORT = "CamelSipTransport";
    @Metadata(label = "producer", description = "Outbound proxy URI, sent as a loose Route.", javaType = "String")
    public static final String OUTBOUND_PROXY = "CamelSipOutboundProxy";
    @Metadata(label = "producer", description = "Digest credentials answering 401/407; never printed.",
              javaType = "io.trunkroute.sip.auth.DigestCredentials")
    public static final String CREDENTIALS = "CamelSipCredentials";

    // --- producer output (what came back) ---
    @Metadata(description = "Final status code. Producer: of the response; consumer: to answer with.",
              javaType = "Integer")
    public static final String STATUS_CODE = "CamelSipStatusCode";
    @Metadata(description = "Reason phrase of the final response.", javaType = "String")
    public static final String REASON_PHRASE = "CamelSipReasonPhrase";
    @Metadata(label = "producer", description = "Contacts in the response with their expires parameter.",
              javaType = "java.util.List<io.trunkroute.sip.SipContact>")
    public static final String RESPONSE_CONTACTS = "CamelSipResponseContacts";
    @Metadata(label = "producer", description = "Expires header of the response, when present.", javaType = "Integer")
    public static final String RESPONSE_EXPIRES = "CamelSipResponseExpires";
    @Metadata(label = "producer", description = "Min-Expires header of a 423 response.", javaType = "Integer")
    public static final String MIN_EXPIRES = "CamelSipMinExpires";
    @Metadata(label = "producer", description = "Retry-After header of the response in seconds, when present.",
              javaType = "Integer")
    public static final String RETRY_AFTER = "CamelSipRetryAfter";
    @Metadata(label = "producer", description = "Number of digest challenges answered.", javaType = "Integer")
    public static final String AUTH_ROUNDS = "CamelSipAuthRounds";
    @Metadata(label = "producer", description = "The JAIN-SIP response object.", javaType = "javax.sip.message.Response")
    public static final String RESPONSE = "CamelSipResponse";

    // --- consumer input (what arrived) ---
    @Metadata(label = "consumer", description = "The JAIN-SIP request object.", javaType = "javax.sip.message.Request")
    public static final String REQUEST = "CamelSipRequest";
    @Metadata(label = "consumer", description = "The request with its server transaction, to answer later.",
              javaType = "io.trunkroute.sip.stack.IncomingRequest")
    public static final String INCOMING_REQUEST = "CamelSipIncomingRequest";
    @Metadata(label = "consumer", description = "Network address the request came from.", javaType = "String")
    public static final String SOURCE_ADDRESS = "CamelSipSourceAddress";
    @Metadata(label = "consumer", description = "Network port the request came from.", javaType = "Integer")
    public static final String SOURCE_PORT = "CamelSipSourcePort";
    @Metadata(label = "consumer", description = "Set to true when the route answered the request itself.",
              javaType = "Boolean")
    public static final String RESPONDED = "CamelSipResponded";
}
