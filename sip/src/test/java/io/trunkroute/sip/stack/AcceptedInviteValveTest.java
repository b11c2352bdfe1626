package io.trunkroute.sip.stack;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nist.javax.sip.message.SIPRequest;
import javax.sip.SipFactory;
import javax.sip.message.MessageFactory;
import org.junit.jupiter.api.Test;

/** Which INVITEs the valve takes for copies of one answered 2xx, on requests parsed by the RI. */
class AcceptedInviteValveTest {

    private final MessageFactory messages;
    private final AcceptedInviteValve valve = new AcceptedInviteValve();

    AcceptedInviteValveTest() throws Exception {
        SipFactory f = SipFactory.getInstance();
        f.setPathName("gov.nist");
        messages = f.createMessageFactory();
    }

    private SIPRequest request(String method, String sentBy, String branch) throws Exception {
        return (SIPRequest) messages.createRequest(method + " sip:79001234567@192.0.2.7:5060 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + sentBy + ";branch=" + branch + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:201@192.0.2.1>;tag=pbx1\r\n"
                + "To: <sip:79001234567@192.0.2.7>\r\n"
                + "Call-ID: c1@192.0.2.1\r\n"
                + "CSeq: 1 " + method + "\r\n"
                + "Content-Length: 0\r\n\r\n");
    }

    private boolean passes(SIPRequest r) {
        return valve.processRequest(r, null);
    }

    @Test
    void aCopyOfAnAnsweredInviteIsAbsorbedForAtLeast64T1AndForgottenAfterTwice() throws Exception {
        SIPRequest invite = request("INVITE", "192.0.2.1:5060", "z9hG4bK-a1");
        assertThat(passes(invite)).as("before its answer").isTrue();

        valve.accepted(invite);

        assertThat(passes(request("INVITE", "192.0.2.1:5060", "z9hG4bK-a1"))).isFalse();
        valve.tick();
        assertThat(passes(request("INVITE", "192.0.2.1:5060", "z9hG4bK-a1"))).as("one period on").isFalse();
        valve.tick();
        assertThat(passes(request("INVITE", "192.0.2.1:5060", "z9hG4bK-a1"))).as("two periods on").isTrue();
        assertThat(valve.absorbed()).isEqualTo(2);
    }

    @Test
    void anotherTransactionPasses() throws Exception {
        valve.accepted(request("INVITE", "192.0.2.1:5060", "z9hG4bK-a1"));

        assertThat(passes(request("INVITE", "192.0.2.1:5060", "z9hG4bK-a2"))).as("another branch").isTrue();
        assertThat(passes(request("INVITE", "192.0.2.9:5060", "z9hG4bK-a1"))).as("another sent-by").isTrue();
        assertThat(passes(request("INVITE", "192.0.2.1:5070", "z9hG4bK-a1"))).as("another port").isTrue();
        assertThat(passes(request("CANCEL", "192.0.2.1:5060", "z9hG4bK-a1"))).as("its CANCEL").isTrue();
        assertThat(valve.absorbed()).isZero();
    }

    @Test
    void anRfc2543BranchIsLeftToTheStack() throws Exception {
        valve.accepted(request("INVITE", "192.0.2.1:5060", "old-1"));

        assertThat(passes(request("INVITE", "192.0.2.1:5060", "old-1"))).isTrue();
    }

    @Test
    void onlyAnInviteIsRemembered() throws Exception {
        valve.accepted(request("OPTIONS", "192.0.2.1:5060", "z9hG4bK-o1"));

        assertThat(passes(request("INVITE", "192.0.2.1:5060", "z9hG4bK-o1"))).isTrue();
    }
}
