package io.trunkroute.sip.auth;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code WWW-Authenticate} (401) or {@code Proxy-Authenticate} (407) challenge, RFC 3261
 * section 22 and RFC 7616 section 3.3.
 *
 * @param proxy     true for 407 / Proxy-Authenticate, answered with Proxy-Authorization
 * @param realm     protection space; carriers often use their domain, which may differ from the host
 * @param nonce     server nonce, answered at most once unless the server marks it stale
 * @param opaque    echoed back unchanged when present
 * @param algorithm the algorithm the server asks for (MD5 when the parameter is absent)
 * @param qopOptions the offered qop values, empty for RFC 2069 style challenges
 * @param stale     the previous answer had the right password but an expired nonce
 */
public record DigestChallenge(boolean proxy, String realm, String nonce, String opaque,
                              String algorithmToken, List<String> qopOptions, boolean stale) {

    /** Builds a challenge from parsed header parameters (names case-insensitive). */
    public static DigestChallenge fromParameters(boolean proxy, Map<String, String> params) {
        Map<String, String> lower = new java.util.HashMap<>();
        params.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
        String qop = lower.get("qop");
        List<String> qops = qop == null ? List.of()
                : Arrays.stream(qop.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                        .map(s -> s.toLowerCase(Locale.ROOT)).toList();
        return new DigestChallenge(proxy, lower.getOrDefault("realm", ""), lower.get("nonce"),
                lower.get("opaque"), lower.get("algorithm"), qops,
                "true".equalsIgnoreCase(lower.get("stale")));
    }

    /** The algorithm, or empty when this stack does not implement what the server asks for. */
    public Optional<DigestAlgorithm> algorithm() {
        return DigestAlgorithm.fromToken(algorithmToken);
    }

    public boolean offersQopAuth() {
        return qopOptions.contains("auth");
    }
}
