package io.trunkroute.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trunkroute.sip.auth.DigestCredentials;
import io.trunkroute.sip.client.SipRequestException;
import io.trunkroute.testpeers.FreePorts;
import io.trunkroute.testpeers.KamailioCarrier;
import io.trunkroute.testpeers.SippRun;
import io.trunkroute.testpeers.TestSecrets;
import java.time.Duration;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sip component against real Kamailio carriers and a SIPp peer on loopback. */
class SipComponentIT extends SipComponentTestSupport {

    private static final String USER = "9900";
    private static final String PASSWORD = TestSecrets.newPassword("sip-it");

    private static KamailioCarrier md5Carrier;
    private static KamailioCarrier shaCarrier;
    private static KamailioCarrier dropCarrier;

    @BeforeAll
    static void startCarriers() {
        md5Carrier = KamailioCarrier.builder("sipit-md5").user(USER, PASSWORD).minExpires(120).build().start();
        shaCarrier = KamailioCarrier.builder("sipit-sha").user(USER, PASSWORD).algorithm("SHA-256").build().start();
        dropCarrier = KamailioCarrier.builder("sipit-drop").mode(KamailioCarrier.Mode.DROP).build().start();
    }

    @AfterAll
    static void stopCarriers() {
        for (KamailioCarrier c : List.of(md5Carrier, shaCarrier, dropCarrier)) {
            if (c != null) {
                c.stop();
            }
        }
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("sip:keepalive?methods=OPTIONS")
                        .setHeader(SipConstants.STATUS_CODE, constant(200))
                        .to("mock:options");
                // As the engine's calls route: no Camel error handler, so a failure stays on the
                // exchange for the consumer. The 200 set first must not be what the peer gets.
                from("sip:failing?methods=MESSAGE").errorHandler(noErrorHandler())
                        .setHeader(SipConstants.STATUS_CODE, constant(200))
                        .process(e -> {
                            throw new IllegalStateException("this route fails on purpose");
                        });
            }
        };
    }

    private Exchange register(KamailioCarrier carrier, String password, int expires, String transport) {
        return template.send("sip:register?requestTimeout=3000&transport=" + transport, exchange -> {
            var in = exchange.getIn();
            in.setHeader(SipConstants.REQUEST_URI, "sip:" + carrier.hostPort());
            in.setHeader(SipConstants.FROM, "sip:" + USER + "@" + carrier.hostPort());
            in.setHeader(SipConstants.CONTACT, "sip:" + USER + "@127.0.0.1:" + sipPort + ";transport=" + transport);
            in.setHeader(SipConstants.EXPIRES, expires);
            in.setHeader(SipConstants.CREDENTIALS, DigestCredentials.of(USER, password));
        });
    }

    @Test
    void registersWithMd5DigestAndTheCarrierHoldsTheContact() {
        Exchange result = register(md5Carrier, PASSWORD, 300, "udp");

        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getHeader(SipConstants.STATUS_CODE)).isEqualTo(200);
        assertThat(result.getMessage().getHeader(SipConstants.AUTH_ROUNDS)).isEqualTo(1);
        List<SipContact> contacts = result.getMessage().getHeader(SipConstants.RESPONSE_CONTACTS, List.class);
        assertThat(contacts).singleElement().satisfies(c -> assertThat(c.expires()).isEqualTo(300));
        assertThat(md5Carrier.contacts(USER)).filteredOn(c -> c.address().contains(":" + sipPort + ";"))
                .hasSize(1);
    }

    @Test
    void registersWithSha256DigestWhenTheCarrierDemandsIt() {
        Exchange result = register(shaCarrier, PASSWORD, 300, "udp");

        assertThat(result.getMessage().getHeader(SipConstants.STATUS_CODE)).isEqualTo(200);
        assertThat(shaCarrier.contacts(USER)).filteredOn(c -> c.address().contains(":" + sipPort + ";"))
                .singleElement().satisfies(c -> assertThat(c.address()).contains("transport=udp"));
    }

    @Test
    void registersOverTcp() {
        Exchange result = register(shaCarrier, PASSWORD, 300, "tcp");

        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getHeader(SipConstants.STATUS_CODE)).isEqualTo(200);
        assertThat(shaCarrier.contacts(USER)).filteredOn(c -> c.address().contains(":" + sipPort + ";"))
                .singleElement().satisfies(c -> assertThat(c.address()).contains("transport=tcp"));
    }

    @Test
    void returnsTheSecondChallengeAsFinalWhenThePasswordIsWrong() {
        int before = md5Carrier.registersReceived().size();

        Exchange result = register(md5Carrier, TestSecrets.newPassword("sip-wrong"), 300, "udp");

        assertThat(result.getMessage().getHeader(SipConstants.STATUS_CODE)).isEqualTo(401);
        assertThat(result.getMessage().getHeader(SipConstants.AUTH_ROUNDS)).isEqualTo(1);
        // One unauthenticated REGISTER and one answer to the challenge: no retry loop.
        org.awaitility.Awaitility.await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> md5Carrier.registersReceived().size() - before == 2);
    }

    @Test
    void reportsMinExpiresOf423() {
        Exchange result = register(md5Carrier, PASSWORD, 60, "udp");

        assertThat(result.getMessage().getHeader(SipConstants.STATUS_CODE)).isEqualTo(423);
        assertThat(result.getMessage().getHeader(SipConstants.MIN_EXPIRES)).isEqualTo(120);
    }

    @Test
    void failsWithATimeoutWhenTheCarrierDropsRequests() {
        Exchange result = register(dropCarrier, PASSWORD, 300, "udp");

        assertThat(result.getException()).isInstanceOf(SipRequestException.class);
        assertThat(((SipRequestException) result.getException()).kind()).isEqualTo(SipRequestException.Kind.TIMEOUT);
        // The carrier's log reaches the test through the container engine's output stream, which
        // can lag behind the timeout (a fresh clone's run once read nothing in time).
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !dropCarrier.registersReceived().isEmpty());
    }

    @Test
    void failsWithATransportErrorWhenNothingListensOnTcp() {
        int closed = FreePorts.udpAndTcp();
        Exchange result = template.send("sip:register?transport=tcp&requestTimeout=3000", exchange -> {
            exchange.getIn().setHeader(SipConstants.REQUEST_URI, "sip:127.0.0.1:" + closed + ";transport=tcp");
            exchange.getIn().setHeader(SipConstants.FROM, "sip:" + USER + "@127.0.0.1:" + closed);
        });

        assertThat(result.getException()).isInstanceOf(SipRequestException.class);
    }

    @Test
    void answersAPeersOptionsFromTheConsumerRoute() throws Exception {
        getMockEndpoint("mock:options").expectedMessageCount(1);

        SippRun sipp = SippRun.scenario("options", "options-uac.xml").remote("127.0.0.1:" + sipPort)
                .calls(1).timeLimit(Duration.ofSeconds(10)).start();
        int exit = sipp.awaitExit();

        assertThat(exit).as(sipp.report()).isZero();
        getMockEndpoint("mock:options").assertIsSatisfied();
        assertThat(getMockEndpoint("mock:options").getExchanges().get(0).getIn()
                .getHeader(SipConstants.SOURCE_ADDRESS)).isEqualTo("127.0.0.1");
    }

    @Test
    void answers500WhenTheConsumerRouteFailsEvenAfterItSetAStatus() {
        SippRun sipp = SippRun.scenario("message-500", "message-uac-500.xml").remote("127.0.0.1:" + sipPort)
                .calls(1).timeLimit(Duration.ofSeconds(10)).start();
        int exit = sipp.awaitExit();

        assertThat(exit).as(sipp.report()).isZero();
        assertThat(sipp.receivedCount("SIP/2.0 500", "1 MESSAGE")).isEqualTo(1);
    }

    @Test
    void rejectsAnUnknownTransportOptionWithAClearMessage() {
        assertThatThrownBy(() -> context.getEndpoint("sip:register?transport=carrier-pigeon"))
                .isInstanceOf(ResolveEndpointFailedException.class)
                .hasStackTraceContaining("unknown transport 'carrier-pigeon'");
    }

    @Test
    void requiresARequestUri() {
        Exchange result = template.send("sip:register", exchange ->
                exchange.getIn().setHeader(SipConstants.FROM, "sip:a@b"));

        assertThat(result.getException()).hasMessageContaining(SipConstants.REQUEST_URI);
    }
}
