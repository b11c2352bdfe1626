package io.trunkroute.sip.client;

/** A request that ended without a final response: timeout or transport failure. */
public class SipRequestException extends Exception {

    private final Kind kind;

    public enum Kind {
        /** No final response within the transaction timeout (RFC 3261 Timer B/F or ours). */
        TIMEOUT,
        /** The request could not be sent: connection refused, unresolvable host, socket error. */
        TRANSPORT
    }

    public SipRequestException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
