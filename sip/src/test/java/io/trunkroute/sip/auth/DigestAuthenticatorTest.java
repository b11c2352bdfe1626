package io.trunkroute.sip.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DigestAuthenticatorTest {

    private static final String RFC7616_NONCE = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
    private static final String RFC7616_CNONCE = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
    private static final String RFC7616_OPAQUE = "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS";

    private final DigestAuthenticator fixedCnonce = new DigestAuthenticator(() -> RFC7616_CNONCE);
    private final DigestCredentials mufasa = DigestCredentials.of("Mufasa", "Circle of Life");

    @ParameterizedTest(name = "RFC 7616 section 3.9.1 example with {0}")
    @CsvSource({
        // algorithm, expected response from the RFC's worked example
        "MD5,     8ca523f5e9506fed4657c9700eebdbec",
        "SHA-256, 753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1",
    })
    void matchesTheRfc7616WorkedExample(String algorithm, String expectedResponse) {
        DigestChallenge challenge = DigestChallenge.fromParameters(false, Map.of(
                "realm", "http-auth@example.org", "qop", "auth, auth-int", "algorithm", algorithm,
                "nonce", RFC7616_NONCE, "opaque", RFC7616_OPAQUE));

        String header = fixedCnonce.authorize(challenge, mufasa, "GET", "/dir/index.html", 1);

        assertThat(header).startsWith("Digest username=\"Mufasa\"")
                .contains("response=\"" + expectedResponse + "\"")
                .contains("algorithm=" + algorithm)
                .contains("qop=auth,nc=00000001")
                .contains("cnonce=\"" + RFC7616_CNONCE + "\"")
                .contains("opaque=\"" + RFC7616_OPAQUE + "\"");
    }

    @Test
    void answersALegacyChallengeWithoutQopOrCnonce() {
        DigestChallenge challenge = DigestChallenge.fromParameters(false, Map.of(
                "realm", "carrier.test", "nonce", "abc123"));

        String header = fixedCnonce.authorize(challenge, DigestCredentials.of("9900", "s3cret"), "REGISTER",
                "sip:127.0.0.1:5060", 1);

        // Expected value computed independently with Python's hashlib (RFC 2617 section 3.2.2.1, no qop).
        assertThat(header).contains("response=\"378906529c0d398fcce0faebc8555f34\"")
                .doesNotContain("cnonce").doesNotContain("qop").doesNotContain("algorithm");
    }

    @Test
    void sessionVariantHashesNonceAndCnonceIntoHa1AndCountsNonceUse() {
        DigestChallenge challenge = DigestChallenge.fromParameters(true, Map.of(
                "realm", "carrier.test", "nonce", "abc123", "qop", "auth", "algorithm", "SHA-256-sess"));

        String header = new DigestAuthenticator(() -> "cn0nce").authorize(challenge,
                DigestCredentials.of("9900", "s3cret"), "REGISTER", "sip:127.0.0.1:5060", 2);

        // Expected value computed independently with Python's hashlib.
        assertThat(header).contains("response=\"cff791880b1a0b185690312cf15b1c59d613fab76839af6bba9d7e86e5dbfcec\"")
                .contains("nc=00000002").contains("algorithm=SHA-256-sess");
    }

    @Test
    void usesTheAuthUsernameWhenTheCarrierGaveOne() {
        DigestChallenge challenge = DigestChallenge.fromParameters(false, Map.of("realm", "r", "nonce", "n"));

        String header = fixedCnonce.authorize(challenge, new DigestCredentials("74950000000", "auth-9900", "pw"),
                "REGISTER", "sip:r", 1);

        assertThat(header).startsWith("Digest username=\"auth-9900\"");
    }

    @Test
    void prefersTheFirstChallengeWithAnAlgorithmItImplements() {
        DigestChallenge unknown = DigestChallenge.fromParameters(false, Map.of("realm", "r", "nonce", "1",
                "algorithm", "SHA-512-256"));
        DigestChallenge sha = DigestChallenge.fromParameters(false, Map.of("realm", "r", "nonce", "2",
                "algorithm", "SHA-256"));
        DigestChallenge md5 = DigestChallenge.fromParameters(false, Map.of("realm", "r", "nonce", "3"));

        assertThat(DigestAuthenticator.preferred(List.of(unknown, sha, md5))).contains(sha);
        assertThat(DigestAuthenticator.preferred(List.of(unknown))).isEmpty();
    }

    @Test
    void refusesAChallengeThatOffersOnlyAuthInt() {
        DigestChallenge authInt = DigestChallenge.fromParameters(false, Map.of("realm", "r", "nonce", "1",
                "qop", "auth-int"));

        assertThat(DigestAuthenticator.preferred(List.of(authInt))).isEmpty();
        assertThatThrownBy(() -> fixedCnonce.authorize(authInt, mufasa, "REGISTER", "sip:r", 1))
                .hasMessageContaining("auth-int");
    }

    @Test
    void credentialsNeverPrintTheirPassword() {
        assertThat(DigestCredentials.of("9900", "Circle of Life").toString())
                .doesNotContain("Circle").contains("****");
    }

    @Test
    void readsStaleAndQopOptionsCaseInsensitively() {
        DigestChallenge c = DigestChallenge.fromParameters(false, Map.of("Realm", "r", "NONCE", "n",
                "qop", "Auth", "stale", "TRUE"));

        assertThat(c.stale()).isTrue();
        assertThat(c.offersQopAuth()).isTrue();
        assertThat(c.realm()).isEqualTo("r");
    }
}
