package io.trunkroute.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.trunkroute.testpeers.CalleePeer;
import io.trunkroute.testpeers.FreePorts;
import io.trunkroute.testpeers.KamailioCarrier;
import io.trunkroute.testpeers.PbxPeer;
import io.trunkroute.testpeers.SippRun;
import io.trunkroute.testpeers.TestSecrets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The call-routing issue's acceptance through a whole engine node: SIPp as the tenant's PBX, the
 * engine ranking trunks from real rate decks and policy rules, Kamailio carriers demanding a 407
 * digest on INVITE and relaying to SIPp callees; assertions at the peers, the CDR API and metrics.
 */
class CallRoutingAcceptanceIT {

    private static final String PW = TestSecrets.newPassword("calls");
    private static final Duration LIMIT = Duration.ofSeconds(40);
    private static final Duration CALLEES_LIMIT = Duration.ofMinutes(6);

    private static final List<CalleePeer> callees = new ArrayList<>();
    private static KamailioCarrier carrierA;
    private static KamailioCarrier carrierB;
    private static KamailioCarrier carrierC;
    private static CalleePeer calleeA;
    private static CalleePeer calleeB;
    private static CalleePeer calleeC;
    private static EngineFixture node;
    private static int pbxInboundPort;
    private static final PbxPeer pbx = new PbxPeer("127.0.0.1", "201");

    @BeforeAll
    static void start() throws Exception {
        // The callees serve the whole class, whose tests run beside other classes: it took 126-174 s
        // in the full build, and a callee bounded at 120 s had quit before the last test's call.
        calleeA = callee(CalleePeer.answering("callee-a", "127.0.0.2", 3, CALLEES_LIMIT));
        calleeB = callee(CalleePeer.answering("callee-b", "127.0.0.3", 2, CALLEES_LIMIT));
        calleeC = callee(CalleePeer.answering("callee-c", "127.0.0.4", 1, CALLEES_LIMIT));
        carrierA = KamailioCarrier.builder("call-a").address("127.0.0.2").user("7201", PW).callee(calleeA.hostPort())
                .build().start();
        carrierB = KamailioCarrier.builder("call-b").address("127.0.0.3").user("7202", PW).callee(calleeB.hostPort())
                .build().start();
        carrierC = KamailioCarrier.builder("call-c").address("127.0.0.4").user("7203", PW).callee(calleeC.hostPort())
                .build().start();
        pbxInboundPort = FreePorts.udpAndTcp();
        String trunks = "trunks:\n"
                + trunk("a", carrierA, "7201", "e164", 10, "    channels: 2\n    dids: [\"+74956029614\"]\n")
                + trunk("b", carrierB, "7202", "national", 20, "")
                + trunk("c", carrierC, "7203", "digits", 30, "");
        Map<String, String> files = Map.of(
                "tenants.yaml", "tenants:\n  - id: acme\n    region: RU\n    timezone: Europe/Moscow\n    pbx:\n"
                        + "      - { address: 127.0.0.1, port: " + pbxInboundPort + " }\n      - { address: 127.0.0.1 }\n",
                "decks.yaml", """
                        decks:
                          - { id: deck-a, file: decks/a.csv, currency: RUB, trunks: [a] }
                          - { id: deck-b, file: decks/b.csv, currency: RUB, trunks: [b] }
                          - { id: deck-c, file: decks/c.csv, currency: RUB, trunks: [c] }
                        """,
                "decks/a.csv", "prefix,destination,rate\n7,Russia,1.00\n7916,MTS,0.50\n",
                "decks/b.csv", "prefix,destination,rate\n7,Russia,0.80\n7916,MTS,0.90\n",
                "decks/c.csv", "prefix,destination,rate\n7,Russia,2.00\n7812,Saint Petersburg,0.10\n",
                "rules/block.drl", """
                        package trunkroute.policy;
                        import io.trunkroute.rules.policy.*;
                        rule "bar premium"
                        when
                            RouteRequest( number matches "^\\\\+7809.*" )
                            $v : Verdict()
                        then
                            $v.block(403, "premium-rate destination");
                        end
                        """);
        node = EngineFixture.start(trunks, files, Map.of("trunkroute.calls.trying-timeout", "3s"));
        await().atMost(Duration.ofSeconds(30)).until(() -> List.of("a", "b", "c").stream()
                .allMatch(t -> "REGISTERED".equals(node.state(t))));
    }

    private static CalleePeer callee(CalleePeer c) {
        callees.add(c);
        return c;
    }

    private static String trunk(String id, KamailioCarrier c, String user, String format, int priority, String extra) {
        return EngineFixture.passwordTrunk(id, c, user, PW, "    invite_format: " + format + "\n    priority: "
                + priority + "\n    main_number: \"+74956029613\"\n" + extra);
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
        callees.forEach(CalleePeer::stop);
        for (KamailioCarrier c : new KamailioCarrier[] {carrierA, carrierB, carrierC}) {
            if (c != null) {
                c.stop();
            }
        }
    }

    private static void assertPassed(SippRun run) {
        assertThat(run.awaitExit()).as(run.report()).isZero();
    }

    private static void assertChannelsBackToZero() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode ch = node.get("/api/v1/channels").get("channels");
            for (String t : List.of("a", "b", "c")) {
                assertThat(ch.get(t).get("in_use").asInt()).as("channels of " + t).isZero();
            }
        });
    }

    private static JsonNode lastCdrTo(String callee) {
        JsonNode cdrs = node.get("/api/v1/cdrs?tenant=acme").get("cdrs");
        for (JsonNode c : cdrs) {
            if (callee.equals(c.get("callee").asText())) {
                return c;
            }
        }
        throw new AssertionError("no CDR for " + callee + " in " + cdrs);
    }

    @Test
    void aNumberWhoseCheapestTrunkIsBGoesThroughCarrierBInItsNationalFormat() {
        int invitesAtA = carrierA.received("INVITE").size();

        assertPassed(pbx.call(node.sipAddress(), "84951234567", 1, 2000, "callee-b", LIMIT));

        assertThat(carrierB.callsAccepted()).contains("sip:84951234567@127.0.0.3:" + carrierB.port());
        assertThat(carrierB.callLines()).anySatisfy(l -> assertThat(l).contains("pai=<sip:84956029613@"));
        // 407 answered: each call is one challenged INVITE and one with credentials.
        assertThat(carrierB.received("INVITE").size()).isGreaterThanOrEqualTo(2 * carrierB.callsAccepted().size());
        assertThat(carrierA.received("INVITE")).hasSize(invitesAtA);
        assertChannelsBackToZero();

        JsonNode cdr = lastCdrTo("+74951234567");
        assertThat(cdr.get("answered_trunk").asText()).isEqualTo("b");
        assertThat(cdr.get("matched_prefix").asText()).isEqualTo("7");
        assertThat(cdr.get("duration_ms").asLong()).isBetween(1500L, 6000L);
        assertThat(cdr.get("billed_seconds").asInt()).isEqualTo(60);
        assertThat(cdr.get("cost").asText()).isEqualTo("0.800000");
        assertThat(cdr.get("next_trunk").asText()).isEqualTo("a");
        assertThat(cdr.get("next_cost").asText()).isEqualTo("1.000000");
        assertThat(cdr.get("saving").asText()).isEqualTo("0.200000");
        assertThat(node.request("GET", "/metrics", null).body())
                .containsPattern("trunkroute_cdrs_total\\{[^}]*result=\"written\"[^}]*} [1-9]")
                .containsPattern("trunkroute_cdrs_total\\{[^}]*result=\"dropped\"[^}]*} 0")
                // every datagram of the calls above left (QueuedSendSocket)
                .containsPattern("trunkroute_sip_udp_sends_failed_total\\{[^}]*} 0");
    }

    @Test
    void eachInviteFormatProducesTheExpectedRequestUriAtTheCarrier() {
        assertPassed(pbx.call(node.sipAddress(), "89161234567", 1, 200, "callee-a", LIMIT));
        assertPassed(pbx.call(node.sipAddress(), "+78121234567", 1, 200, "callee-c", LIMIT));

        assertThat(carrierA.callsAccepted()).contains("sip:+79161234567@127.0.0.2:" + carrierA.port());
        assertThat(carrierC.callsAccepted()).contains("sip:78121234567@127.0.0.4:" + carrierC.port());
        assertChannelsBackToZero();
    }

    @Test
    void aBlockedNumberIsRefusedWithTheRulesCodeAndNoCarrierSeesIt() {
        int before = carrierA.received("INVITE").size() + carrierB.received("INVITE").size()
                + carrierC.received("INVITE").size();

        assertPassed(pbx.callExpecting(node.sipAddress(), "88091234567", 403, LIMIT));

        assertThat(carrierA.received("INVITE").size() + carrierB.received("INVITE").size()
                + carrierC.received("INVITE").size()).isEqualTo(before);
    }

    @Test
    void anInviteFromANonPbxAddressGets403AndNothingLeaves() {
        int before = carrierA.received("INVITE").size() + carrierB.received("INVITE").size();

        assertPassed(new PbxPeer("127.0.0.9", "666").callExpecting(node.sipAddress(), "84951234567", 403, LIMIT));

        assertThat(carrierA.received("INVITE").size() + carrierB.received("INVITE").size()).isEqualTo(before);
        assertThat(node.request("GET", "/metrics", null).body())
                .containsPattern("trunkroute_calls_refused_total\\{[^}]*reason=\"unknown_source\"[^}]*} [1-9]");
    }

    @Test
    void anInboundCallFromCarrierAToItsDidReachesTheTenantsPbx() {
        SippRun pbxAnswers = pbx.answerInbound(pbxInboundPort, 1, SippRun.WAITING_FOR_A_CALL);

        assertPassed(new PbxPeer("127.0.0.2", "79161112233").call(node.sipAddress(), "74956029614", 1, 300,
                "pbx-answer", LIMIT));

        assertPassed(pbxAnswers);
        assertThat(pbxAnswers.receivedRequestLines("INVITE")).singleElement()
                .satisfies(l -> assertThat(l).startsWith("INVITE sip:+74956029614@127.0.0.1:" + pbxInboundPort));
        assertChannelsBackToZero();
    }

    @Test
    void explainsTheRouteOverTheApi() {
        JsonNode r = node.get("/api/v1/route?tenant=acme&number=84951234567");

        assertThat(r.get("number").asText()).isEqualTo("+74951234567");
        assertThat(r.get("ranked").get(0).get("trunk").asText()).isEqualTo("b");
        assertThat(r.get("ranked").get(0).get("rate").asText()).isEqualTo("0.8");
        assertThat(node.request("GET", "/api/v1/route?tenant=acme", null).statusCode()).isEqualTo(400);
    }
}
