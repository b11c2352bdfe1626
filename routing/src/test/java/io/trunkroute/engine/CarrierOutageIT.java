package io.trunkroute.engine;

import static io.trunkroute.engine.EngineFixture.passwordTrunk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.trunkroute.testpeers.KamailioCarrier;
import io.trunkroute.testpeers.TestSecrets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A carrier goes away and comes back: the trunk follows without an engine restart. */
class CarrierOutageIT {

    private final String password = TestSecrets.newPassword("outage");
    private KamailioCarrier carrier;
    private EngineFixture node;

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
        if (carrier != null) {
            carrier.stop();
        }
    }

    @Test
    void leavesRegisteredWhenTheCarrierStopsAndRecoversWhenItReturns() throws Exception {
        // The carrier grants 20 s, so a refresh is due within 18 s; timeouts and backoff are short
        // so the test needs seconds, not the production minutes.
        carrier = KamailioCarrier.builder("outage").user("7100", password).minExpires(10).maxExpires(20).build().start();
        node = EngineFixture.start("trunks:\n" + passwordTrunk("omega", carrier, "7100", password, null), Map.of(
                "trunkroute.registration.request-timeout", "3s",
                "trunkroute.registration.backoff-initial", "2s",
                "trunkroute.registration.backoff-max", "6s"));
        await().atMost(Duration.ofSeconds(20)).until(() -> "REGISTERED".equals(node.state("omega")));

        carrier.stop();

        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500))
                .until(() -> !"REGISTERED".equals(node.state("omega")));
        JsonNode down = node.registration("omega");
        assertThat(down.get("state").asText()).isEqualTo("FAILED");
        assertThat(down.get("last_response_reason").asText()).contains("timeout");
        assertThat(down.get("consecutive_failures").asInt()).isPositive();

        carrier.start();

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> "REGISTERED".equals(node.state("omega")));
        assertThat(carrier.contacts("7100")).hasSize(1);
        assertThat(node.registration("omega").get("consecutive_failures").asInt()).isZero();
    }
}
