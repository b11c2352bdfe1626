package io.trunkroute.engine;

import static io.trunkroute.engine.EngineFixture.passwordTrunk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.trunkroute.testpeers.KamailioCarrier;
import io.trunkroute.testpeers.TestSecrets;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The foundation issue's acceptance list, against real Kamailio carriers on loopback and one
 * engine node. Each test owns its carrier(s) and trunk(s), so they run concurrently; the ones
 * that must watch a minute go by (refresh, retry storm) set the run time of the class.
 */
@Execution(ExecutionMode.CONCURRENT)
class RegistrationAcceptanceIT {

    private static final String PW = TestSecrets.newPassword("acceptance");
    private static final String WRONG_PW = TestSecrets.newPassword("acceptance-wrong");

    private static KamailioCarrier carrierA;
    private static KamailioCarrier carrierB;
    private static KamailioCarrier expires60;
    private static KamailioCarrier minExpires120;
    private static KamailioCarrier strict;
    private static KamailioCarrier sha256;
    private static KamailioCarrier ipCarrier;
    private static KamailioCarrier switchable;
    private static KamailioCarrier forbidding;
    private static EngineFixture node;
    private static String trunksYaml;

    @BeforeAll
    static void startCarriersAndNode() throws Exception {
        carrierA = KamailioCarrier.builder("acc-a").user("7001", PW).build().start();
        carrierB = KamailioCarrier.builder("acc-b").user("7002", PW).build().start();
        expires60 = KamailioCarrier.builder("acc-e60").user("7003", PW).maxExpires(60).build().start();
        minExpires120 = KamailioCarrier.builder("acc-m120").user("7004", PW).minExpires(120).build().start();
        strict = KamailioCarrier.builder("acc-wrong").user("7005", PW).build().start();
        sha256 = KamailioCarrier.builder("acc-sha").user("7006", PW).algorithm("SHA-256").build().start();
        ipCarrier = KamailioCarrier.builder("acc-ip").build().start();
        switchable = KamailioCarrier.builder("acc-sw").user("7008", PW).user("7009", PW).build().start();
        forbidding = KamailioCarrier.builder("acc-403").mode(KamailioCarrier.Mode.FORBID).build().start();

        trunksYaml = trunks(true);
        node = EngineFixture.start(trunksYaml, Map.of("trunkroute.trunks.watch-interval", "1s"));
    }

    private static String trunks(boolean thetaEnabled) {
        return "trunks:\n"
                + passwordTrunk("alpha", carrierA, "7001", PW, null)
                + passwordTrunk("beta", carrierB, "7002", PW, null)
                + passwordTrunk("gamma", expires60, "7003", PW, "    expires: 360\n")
                + passwordTrunk("delta", minExpires120, "7004", PW, "    expires: 60\n")
                + passwordTrunk("epsilon", strict, "7005", WRONG_PW, null)
                + passwordTrunk("zeta", sha256, "7006", PW, "    transport: tcp\n")
                + "  - id: ip-trunk\n    tenant: acme\n    server: 127.0.0.1\n    port: " + ipCarrier.port() + "\n"
                + "    auth: { type: ip, allow: [127.0.0.1/32] }\n"
                + passwordTrunk("eta", switchable, "7008", PW, null)
                + passwordTrunk("theta", switchable, "7009", PW, "    enabled: " + thetaEnabled + "\n")
                + passwordTrunk("iota", forbidding, "7010", PW, null);
    }

    @AfterAll
    static void stopAll() {
        if (node != null) {
            node.close();
        }
        for (KamailioCarrier c : new KamailioCarrier[] {carrierA, carrierB, expires60, minExpires120, strict, sha256,
                ipCarrier, switchable, forbidding}) {
            if (c != null) {
                c.stop();
            }
        }
    }

    private static void awaitState(String trunk, String state, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(node.state(trunk)).as("state of " + trunk).isEqualTo(state));
    }

    @Test
    void twoTrunksRegisterAtTwoCarriersWithExactlyOneContactEach() {
        awaitState("alpha", "REGISTERED", Duration.ofSeconds(20));
        awaitState("beta", "REGISTERED", Duration.ofSeconds(20));

        assertThat(carrierA.contacts("7001")).singleElement()
                .satisfies(c -> assertThat(c.address()).contains(":" + node.sipPort).contains("line=alpha"));
        assertThat(carrierB.contacts("7002")).singleElement()
                .satisfies(c -> assertThat(c.address()).contains("line=beta"));
        for (String trunk : List.of("alpha", "beta")) {
            JsonNode r = node.registration(trunk);
            assertThat(Instant.parse(r.get("registered_until").asText())).isAfter(Instant.now());
            assertThat(r.get("last_response_code").asInt()).isEqualTo(200);
            assertThat(r.get("session_start").asText()).isNotEmpty();
        }
    }

    @Test
    void refreshesBeforeTheGrantedExpiryTwiceInARow() {
        awaitState("gamma", "REGISTERED", Duration.ofSeconds(20));
        assertThat(node.registration("gamma").get("granted_expires").asInt()).isEqualTo(60);

        // Watch the carrier for three saves (the first plus two refreshes); the binding must never lapse.
        List<Integer> contactCounts = new ArrayList<>();
        await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            contactCounts.add(expires60.contacts("7003").size());
            return expires60.registrationsSaved().size() >= 3;
        });

        assertThat(contactCounts).as("contacts held by the carrier at each poll").containsOnly(1);
        List<Instant> saves = expires60.registrationsSaved();
        for (int i = 1; i < 3; i++) {
            Duration gap = Duration.between(saves.get(i - 1), saves.get(i));
            assertThat(gap).as("refresh #" + i).isLessThan(Duration.ofSeconds(60))
                    .isGreaterThan(Duration.ofSeconds(40));
        }
    }

    @Test
    void answers423WithTheCarriersMinExpires() {
        awaitState("delta", "REGISTERED", Duration.ofSeconds(20));

        JsonNode r = node.registration("delta");
        assertThat(r.get("requested_expires").asInt()).isEqualTo(120);
        assertThat(r.get("granted_expires").asInt()).isEqualTo(120);
        assertThat(minExpires120.contacts("7004")).singleElement()
                .satisfies(c -> assertThat(c.expiresInSeconds()).isBetween(100L, 120L));
    }

    @Test
    void aWrongPasswordFailsWithoutARetryStorm() {
        awaitState("epsilon", "FAILED", Duration.ofSeconds(20));
        assertThat(node.registration("epsilon").get("last_response_code").asInt()).isIn(401, 403);

        Instant first = strict.registersReceived().get(0);
        await().atMost(Duration.ofSeconds(75)).until(() -> Instant.now().isAfter(first.plusSeconds(61)));
        long inFirstMinute = strict.registersReceived().stream().filter(t -> t.isBefore(first.plusSeconds(60))).count();

        assertThat(inFirstMinute).as("REGISTERs the carrier received in the first 60 s").isLessThanOrEqualTo(5);
        assertThat(strict.contacts("7005")).isEmpty();
        assertThat(node.state("epsilon")).isEqualTo("FAILED");
    }

    @Test
    void aForbiddingCarrierLeavesTheTrunkFailedWith403() {
        awaitState("iota", "FAILED", Duration.ofSeconds(20));

        JsonNode r = node.registration("iota");
        assertThat(r.get("last_response_code").asInt()).isEqualTo(403);
        assertThat(r.get("consecutive_failures").asInt()).isPositive();
        assertThat(Instant.parse(r.get("next_attempt").asText())).isAfter(Instant.now());
        assertThat(forbidding.contacts()).isEmpty();
    }

    @Test
    void registersWithSha256DigestOverTcpWhenTheCarrierDemandsIt() {
        awaitState("zeta", "REGISTERED", Duration.ofSeconds(20));

        assertThat(sha256.contacts("7006")).singleElement()
                .satisfies(c -> assertThat(c.address()).contains("transport=tcp"));
    }

    @Test
    void anIpAuthenticatedTrunkSendsNoRegister() {
        awaitState("alpha", "REGISTERED", Duration.ofSeconds(20));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> ipCarrier.registersReceived().isEmpty());

        assertThat(node.state("ip-trunk")).isEqualTo("NOT_REQUIRED");
    }

    @Test
    void disablingThroughTheApiRemovesTheContactAtTheCarrier() {
        awaitState("eta", "REGISTERED", Duration.ofSeconds(20));
        assertThat(switchable.contacts("7008")).hasSize(1);

        HttpResponse<String> bad = node.request("PUT", "/api/v1/trunks/eta/enabled", "{\"enabled\": \"no\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(EngineFixture.json(bad.body()).get("field").asText()).isEqualTo("enabled");
        HttpResponse<String> malformed = node.request("PUT", "/api/v1/trunks/eta/enabled", "{\"enabled\": fal");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(switchable.contacts("7008")).as("bad requests change nothing").hasSize(1);

        HttpResponse<String> ok = node.request("PUT", "/api/v1/trunks/eta/enabled", "{\"enabled\": false}");

        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(EngineFixture.json(ok.body()).get("enabled").asBoolean()).isFalse();
        await().atMost(Duration.ofSeconds(5)).until(() -> switchable.contacts("7008").isEmpty());
        assertThat(node.state("eta")).isEqualTo("DISABLED");
    }

    @Test
    void aBadFileIsRefusedAndDisablingThroughTheFileRemovesTheContact() throws Exception {
        awaitState("theta", "REGISTERED", Duration.ofSeconds(20));

        node.writeTrunks(trunksYaml.replace("port: " + switchable.port(), "port: seventy"));
        HttpResponse<String> refused = node.request("POST", "/api/v1/trunks/reload", null);
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("trunk 'eta'").contains("field 'port'");
        assertThat(node.get("/api/v1/trunks").get("trunks")).hasSize(10);
        assertThat(switchable.contacts("7009")).as("the trunks in service stay").hasSize(1);

        node.writeTrunks(trunks(false));

        await().atMost(Duration.ofSeconds(10)).until(() -> switchable.contacts("7009").isEmpty());
        await().atMost(Duration.ofSeconds(5)).until(() -> "DISABLED".equals(node.state("theta")));
    }

    @Test
    void publishesRegistrationStateToPrometheus() {
        awaitState("alpha", "REGISTERED", Duration.ofSeconds(20));
        awaitState("epsilon", "FAILED", Duration.ofSeconds(20));

        String scrape = node.request("GET", "/metrics", null).body();

        assertThat(scrape).containsPattern("trunkroute_registration_state\\{[^}]*trunk=\"alpha\"[^}]*} 1\\.0")
                .containsPattern("trunkroute_registration_state\\{[^}]*trunk=\"epsilon\"[^}]*} 0\\.0")
                .contains("trunkroute_registration_transitions_total")
                .doesNotContain(PW).doesNotContain(WRONG_PW);
    }

    @Test
    void listResponsesNeverCarryAPassword() {
        awaitState("alpha", "REGISTERED", Duration.ofSeconds(20));

        String list = node.request("GET", "/api/v1/trunks", null).body();
        String one = node.request("GET", "/api/v1/trunks/alpha", null).body();

        assertThat(list).contains("\"alpha\"").doesNotContain(PW).doesNotContain(WRONG_PW).doesNotContain("password\" :");
        assertThat(one).doesNotContain(PW);
    }
}
