package io.trunkroute.sip.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import javax.sip.SipFactory;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ProxyAuthorizationHeader;
import javax.sip.message.Message;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.Test;

/** The digest state of one request across its retries, on messages parsed by the RI. */
class DigestSessionTest {

    private static final String REQUEST = """
            BYE sip:callee@192.0.2.7:5060 SIP/2.0\r
            Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-1\r
            Max-Forwards: 70\r
            From: <sip:74956029613@carrier.test>;tag=a\r
            To: <sip:79001234567@carrier.test>;tag=b\r
            Call-ID: c1@192.0.2.1\r
            CSeq: 7 BYE\r
            Content-Length: 0\r
            \r
            """;

    private final MessageFactory messages;
    private final HeaderFactory headers;
    private final DigestSession session;

    DigestSessionTest() throws Exception {
        SipFactory f = SipFactory.getInstance();
        f.setPathName("gov.nist");
        messages = f.createMessageFactory();
        headers = f.createHeaderFactory();
        session = new DigestSession(new DigestAuthenticator(() -> "cn"), DigestCredentials.of("7101", "pw"));
    }

    private Request request() throws Exception {
        return messages.createRequest(REQUEST);
    }

    private Response challenge(Request to, String realm, String nonce, boolean stale) throws Exception {
        Response r = messages.createResponse(Response.PROXY_AUTHENTICATION_REQUIRED, to);
        r.addHeader(headers.createHeader("Proxy-Authenticate", "Digest realm=\"" + realm + "\", nonce=\"" + nonce
                + "\", qop=\"auth\"" + (stale ? ", stale=true" : "")));
        return r;
    }

    private static List<String> credentials(Message m) {
        List<String> out = new ArrayList<>();
        for (ListIterator<?> it = m.getHeaders(ProxyAuthorizationHeader.NAME); it.hasNext(); ) {
            out.add(it.next().toString().trim());
        }
        return out;
    }

    @Test
    void answersARealmOnceUnlessItsNonceWentStale() throws Exception {
        Request bye = request();
        assertThat(session.answer(challenge(bye, "carrier.test", "n1", false), bye)).isTrue();
        assertThat(session.answer(challenge(bye, "carrier.test", "n2", false), bye))
                .as("the same realm again without stale: the password was refused").isFalse();
        assertThat(session.answer(challenge(bye, "carrier.test", "n3", true), bye)).as("a stale nonce").isTrue();

        Request retry = request();
        session.authorize(retry, headers);
        assertThat(credentials(retry)).singleElement().satisfies(h -> assertThat(h)
                .contains("username=\"7101\"", "realm=\"carrier.test\"", "nonce=\"n3\"", "uri=\"sip:callee@192.0.2.7:5060\""));
    }

    @Test
    void aRequestThatIsNoDigestChallengeIsNotAnswered() throws Exception {
        Request bye = request();
        Response basic = messages.createResponse(Response.PROXY_AUTHENTICATION_REQUIRED, bye);
        basic.addHeader(headers.createHeader("Proxy-Authenticate", "Basic realm=\"carrier.test\""));
        assertThat(session.answer(basic, bye)).isFalse();
    }

    @Test
    void copiedCredentialsReplaceWhatTheTargetHeldInsteadOfDoublingIt() throws Exception {
        Request invite = request();
        session.answer(challenge(invite, "carrier.test", "n1", false), invite);
        session.authorize(invite, headers);
        Request ack = request();
        ack.addHeader(headers.createHeader(ProxyAuthorizationHeader.NAME,
                "Digest username=\"7101\", realm=\"carrier.test\", nonce=\"old\", uri=\"sip:x\", response=\"0\""));

        DigestSession.copyCredentials(invite, ack);

        assertThat(credentials(ack)).containsExactlyElementsOf(credentials(invite));
    }
}
