package io.trunkroute.sip.stack;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Tags and branches for the messages this node makes, from one {@link SecureRandom}. RFC 3261
 * section 19.3 wants a tag "cryptographically random with at least 32 bits of randomness": a
 * dialog's Call-ID and tags are all an in-dialog request (a BYE) needs to match it, so they must
 * not be guessable from the ones a peer has seen.
 */
public final class SipIdentifiers {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private SipIdentifiers() {
    }

    /** RFC 3261 section 8.1.1.7: the magic cookie marks a globally unique branch; 80 random bits. */
    public static String newBranch() {
        return "z9hG4bK" + randomHex(10);
    }

    /** A From or To tag (RFC 3261 section 19.3): 48 random bits. */
    public static String newTag() {
        return randomHex(6);
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HEX.formatHex(b);
    }
}
