package io.trunkroute.sip.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * Digest algorithms a carrier may demand (RFC 7616 section 3.3, RFC 8760 for SIP).
 * JAIN-SIP's own {@code MessageDigestAlgorithm} knows only MD5, hence this enum.
 */
public enum DigestAlgorithm {
    MD5("MD5", "MD5", false),
    MD5_SESS("MD5-sess", "MD5", true),
    SHA_256("SHA-256", "SHA-256", false),
    SHA_256_SESS("SHA-256-sess", "SHA-256", true);

    private final String token;
    private final String jcaName;
    private final boolean session;

    DigestAlgorithm(String token, String jcaName, boolean session) {
        this.token = token;
        this.jcaName = jcaName;
        this.session = session;
    }

    /** The token as it appears in the {@code algorithm=} parameter. */
    public String token() {
        return token;
    }

    /** True for the "-sess" variants, whose HA1 also covers nonce and cnonce. */
    public boolean isSession() {
        return session;
    }

    /**
     * Parses the {@code algorithm} parameter of a challenge. An absent parameter means MD5
     * (RFC 7616 section 3.3); an unknown one yields empty so the caller can try the next challenge.
     */
    public static Optional<DigestAlgorithm> fromToken(String token) {
        if (token == null || token.isBlank()) {
            return Optional.of(MD5);
        }
        String wanted = token.trim().toLowerCase(Locale.ROOT);
        for (DigestAlgorithm algorithm : values()) {
            if (algorithm.token.toLowerCase(Locale.ROOT).equals(wanted)) {
                return Optional.of(algorithm);
            }
        }
        return Optional.empty();
    }

    /** Lower-case hex of H(data), the encoding RFC 7616 uses for every hashed value. */
    public String hashHex(String data) {
        try {
            MessageDigest digest = MessageDigest.getInstance(jcaName);
            return HexFormat.of().formatHex(digest.digest(data.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JVM lacks " + jcaName + ", required by every Java SE platform", e);
        }
    }
}
