package io.trunkroute.sip.stack;

import java.util.Locale;

/** SIP transports a listening point or a request can use (RFC 3261 section 18). */
public enum SipTransport {
    UDP, TCP, TLS;

    /** The lower-case token used in {@code transport=} URI parameters and configuration. */
    public String token() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses "udp" / "TCP" / ...; the message names the accepted values. */
    public static SipTransport fromToken(String token) {
        if (token != null) {
            for (SipTransport t : values()) {
                if (t.name().equalsIgnoreCase(token.trim())) {
                    return t;
                }
            }
        }
        throw new IllegalArgumentException("unknown transport '" + token + "' (expected udp, tcp or tls)");
    }
}
