package io.trunkroute.trunks.model;

import java.util.Locale;

/** Signalling transport towards the carrier. */
public enum TrunkTransport {
    UDP(5060), TCP(5060), TLS(5061);

    private final int defaultPort;

    TrunkTransport(int defaultPort) {
        this.defaultPort = defaultPort;
    }

    /** RFC 3261 section 19.1.2 default port when a trunk names none. */
    public int defaultPort() {
        return defaultPort;
    }

    public String token() {
        return name().toLowerCase(Locale.ROOT);
    }
}
