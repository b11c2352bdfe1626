package io.trunkroute.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.trunkroute.sip.stack.IncomingRequest;
import io.trunkroute.sip.stack.SipNode;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sip.ServerTransaction;
import javax.sip.TransactionState;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A non-INVITE request answered with a status leaves the stack's transaction table within a
 * second, and a repeat of it (the answer lost on the way) still gets the same answer, from
 * CompletedRequestValve, without reaching a route again. Over a real UDP socket.
 */
class CompletedRequestIT extends SipComponentTestSupport {

    private static final String MESSAGE = """
            MESSAGE sip:201@127.0.0.1 SIP/2.0
            Via: SIP/2.0/UDP 127.0.0.1:PORT;branch=BRANCH;rport
            Max-Forwards: 70
            From: <sip:carrier@127.0.0.1>;tag=c1
            To: <sip:201@127.0.0.1>
            Call-ID: CALLID@127.0.0.1
            CSeq: 7 MESSAGE
            Content-Length: 0

            """;

    private final List<ServerTransaction> transactions = new CopyOnWriteArrayList<>();
    private DatagramSocket socket;

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("sip:messages?methods=MESSAGE")
                        .process(e -> transactions.add(
                                e.getMessage().getHeader(SipConstants.INCOMING_REQUEST, IncomingRequest.class).transaction()))
                        .setHeader(SipConstants.STATUS_CODE, constant(202))
                        .to("mock:messages");
            }
        };
    }

    @AfterEach
    void closeSocket() {
        if (socket != null) {
            socket.close();
        }
    }

    @Test
    void aRepeatAfterTheTransactionEndedGetsTheSameAnswerAndGoesNoFurther() throws Exception {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.setSoTimeout(2000);
        String id = Long.toHexString(System.nanoTime());
        String request = MESSAGE.replace("PORT", Integer.toString(socket.getLocalPort()))
                .replace("BRANCH", "z9hG4bK-" + id).replace("CALLID", id).replace("\n", "\r\n");
        MockEndpoint routed = getMockEndpoint("mock:messages");
        SipNode node = context.getComponent("sip", SipComponent.class).getNode();

        String first = exchangeOver(socket, request);
        assertThat(first).startsWith("SIP/2.0 202 ");
        String tag = toTag(first);
        assertThat(tag).as("To tag of the answer").isNotBlank();
        assertThat(transactions).hasSize(1);

        // Timer J would keep it Completed for 32 s; the record takes over after about 1 s.
        await().alias("the MESSAGE's server transaction terminated").atMost(Duration.ofSeconds(3))
                .until(() -> transactions.get(0).getState() == TransactionState.TERMINATED);

        String again = exchangeOver(socket, request);
        assertThat(again).startsWith("SIP/2.0 202 ");
        assertThat(toTag(again)).as("the same answer").isEqualTo(tag);
        await().alias("answered again from the record").atMost(Duration.ofSeconds(1))
                .until(node::completedRequestsAnsweredAgain, n -> n == 1);

        String another = exchangeOver(socket, request.replace("z9hG4bK-" + id, "z9hG4bK-" + id + "b"));
        assertThat(another).as("another transaction is a new request").startsWith("SIP/2.0 202 ");
        routed.expectedMessageCount(2);
        routed.assertIsSatisfied();
        assertThat(transactions).as("the repeat never reached the route").hasSize(2);
        assertThat(node.completedRequestsAnsweredAgain()).isEqualTo(1);
    }

    private static String toTag(String response) {
        for (String line : response.split("\r\n")) {
            if (line.regionMatches(true, 0, "To:", 0, 3) || line.startsWith("t:")) {
                int i = line.indexOf(";tag=");
                return i < 0 ? null : line.substring(i + 5).split("[;\\s]")[0];
            }
        }
        return null;
    }
}
