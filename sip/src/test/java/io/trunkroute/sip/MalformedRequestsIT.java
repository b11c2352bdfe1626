package io.trunkroute.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad input gets a clear error and leaves no state: malformed requests (after RFC 4475's invalid
 * messages) sent over UDP get 400 with the reason, or are dropped when no response can even be
 * addressed (no Via), and none of them reaches a route.
 */
class MalformedRequestsIT extends SipComponentTestSupport {

    private static final String GOOD = """
            INVITE sip:74951234567@127.0.0.1 SIP/2.0
            Via: SIP/2.0/UDP 127.0.0.1:PORT;branch=z9hG4bK-BRANCH;rport
            Max-Forwards: 70
            From: <sip:201@127.0.0.1>;tag=1928301774
            To: <sip:74951234567@127.0.0.1>
            Call-ID: BRANCH@127.0.0.1
            CSeq: 314159 INVITE
            Contact: <sip:201@127.0.0.1:PORT>
            Content-Length: 0

            """;

    private DatagramSocket socket;

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("sip:calls?methods=INVITE").setHeader(SipConstants.STATUS_CODE, constant(486)).to("mock:invites");
            }
        };
    }

    @AfterEach
    void closeSocket() {
        if (socket != null) {
            socket.close();
        }
    }

    private String exchange(String message) throws Exception {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.setSoTimeout(1500);
        String text = message.replace("PORT", Integer.toString(socket.getLocalPort()))
                .replace("BRANCH", Long.toHexString(System.nanoTime())).replace("\n", "\r\n");
        return exchangeOver(socket, text).split("\r\n")[0];
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        # what is wrong               | replace                             | with                                 | status line starts with
        CSeq number not a number      | CSeq: 314159 INVITE                 | CSeq: 31x4 INVITE                    | SIP/2.0 400 Bad Request
        CSeq method differs           | CSeq: 314159 INVITE                 | CSeq: 314159 OPTIONS                 | SIP/2.0 400 Bad
        Content-Length beyond body    | Content-Length: 0                   | Content-Length: 500                  | SIP/2.0 400 Bad Request
        negative Content-Length       | Content-Length: 0                   | Content-Length: -5                   | SIP/2.0 400 Bad Request
        space in the Request-URI      | INVITE sip:74951234567@127.0.0.1 SIP | INVITE sip:74951234567@127.0.0.1; lr SIP | SIP/2.0 400 Bad Request
        INVITE without Contact        | 'Contact: <sip:201@127.0.0.1:PORT>\n' | ''                                 | SIP/2.0 400 Bad Request (Missing a required header : Contact
        Max-Forwards not a number     | Max-Forwards: 70                    | Max-Forwards: seventy                | SIP/2.0 400 Bad Request
        no Via: nowhere to answer     | 'Via: SIP/2.0/UDP 127.0.0.1:PORT;branch=z9hG4bK-BRANCH;rport\n' | '' | (no answer)
        """)
    void answersMalformedRequestsWith400AndKeepsNoState(String what, String replace, String with, String expected)
            throws Exception {
        String message = GOOD.replace(replace.replace("\\n", "\n"), with.replace("\\n", "\n"));
        assertThat(message).as("test row must change the message").isNotEqualTo(GOOD);

        assertThat(exchange(message)).startsWith(expected);

        getMockEndpoint("mock:invites").expectedMessageCount(0);
        getMockEndpoint("mock:invites").assertIsSatisfied(300);
    }

    @org.junit.jupiter.api.Test
    void garbageGetsNoAnswerAndTheStackKeepsServing() throws Exception {
        assertThat(exchange("hello, is this SIP?\n\n")).isEqualTo("(no answer)");
        socket.close();

        getMockEndpoint("mock:invites").expectedMessageCount(1);
        assertThat(exchange(GOOD)).startsWith("SIP/2.0 486");
        getMockEndpoint("mock:invites").assertIsSatisfied();
    }
}
