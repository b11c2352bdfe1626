package io.trunkroute.sip.auth;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Computes the digest answer to a 401/407 challenge (RFC 7616 section 3.4, applied to SIP by
 * RFC 3261 section 22.4 and RFC 8760). Supports MD5 and SHA-256, their "-sess" variants,
 * {@code qop=auth} and the legacy no-qop form. {@code auth-int} is not offered by the carriers we
 * target and is refused rather than answered wrongly.
 */
public final class DigestAuthenticator {

    private final Supplier<String> cnonceSource;

    public DigestAuthenticator() {
        this(DigestAuthenticator::randomCnonce);
    }

    /** For tests: a fixed client nonce makes RFC test vectors reproducible. */
    public DigestAuthenticator(Supplier<String> cnonceSource) {
        this.cnonceSource = cnonceSource;
    }

    /**
     * Picks the challenge to answer when a response carries several: RFC 8760 section 2.4 has the
     * server list them in preference order, so the first one with an algorithm we implement wins.
     */
    public static Optional<DigestChallenge> preferred(List<DigestChallenge> challenges) {
        return challenges.stream()
                .filter(c -> c.nonce() != null && c.algorithm().isPresent())
                .filter(c -> c.qopOptions().isEmpty() || c.offersQopAuth())
                .findFirst();
    }

    /**
     * Returns the value of the Authorization / Proxy-Authorization header ("Digest username=...").
     *
     * @param method     the SIP method of the request being authorized
     * @param digestUri  the Request-URI exactly as sent
     * @param nonceCount how many times this nonce has been used, starting at 1
     */
    public String authorize(DigestChallenge challenge, DigestCredentials credentials, String method,
                            String digestUri, int nonceCount) {
        DigestAlgorithm algorithm = challenge.algorithm().orElseThrow(() ->
                new IllegalArgumentException("unsupported digest algorithm " + challenge.algorithmToken()));
        if (!challenge.qopOptions().isEmpty() && !challenge.offersQopAuth()) {
            throw new IllegalArgumentException("challenge offers only qop " + challenge.qopOptions());
        }
        boolean useQop = challenge.offersQopAuth();
        String cnonce = useQop || algorithm.isSession() ? cnonceSource.get() : null;
        String nc = String.format("%08x", nonceCount);

        String ha1 = algorithm.hashHex(credentials.authUsername() + ":" + challenge.realm() + ":"
                + credentials.password());
        if (algorithm.isSession()) {
            ha1 = algorithm.hashHex(ha1 + ":" + challenge.nonce() + ":" + cnonce);
        }
        String ha2 = algorithm.hashHex(method + ":" + digestUri);
        String response = useQop
                ? algorithm.hashHex(ha1 + ":" + challenge.nonce() + ":" + nc + ":" + cnonce + ":auth:" + ha2)
                : algorithm.hashHex(ha1 + ":" + challenge.nonce() + ":" + ha2);

        StringBuilder header = new StringBuilder("Digest ");
        header.append("username=\"").append(quoted(credentials.authUsername())).append('"');
        header.append(",realm=\"").append(quoted(challenge.realm())).append('"');
        header.append(",nonce=\"").append(quoted(challenge.nonce())).append('"');
        header.append(",uri=\"").append(quoted(digestUri)).append('"');
        header.append(",response=\"").append(response).append('"');
        // Echo the algorithm whenever the server named one; absent means MD5 on both sides.
        if (challenge.algorithmToken() != null) {
            header.append(",algorithm=").append(algorithm.token());
        }
        if (cnonce != null) {
            header.append(",cnonce=\"").append(cnonce).append('"');
        }
        if (useQop) {
            header.append(",qop=auth,nc=").append(nc);
        }
        if (challenge.opaque() != null) {
            header.append(",opaque=\"").append(quoted(challenge.opaque())).append('"');
        }
        return header.toString();
    }

    private static String quoted(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static String randomCnonce() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static final SecureRandom RANDOM = new SecureRandom();
}
