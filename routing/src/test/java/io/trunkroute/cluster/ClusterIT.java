package io.trunkroute.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.trunkroute.testpeers.CalleePeer;
import io.trunkroute.testpeers.FreePorts;
import io.trunkroute.testpeers.KamailioCarrier;
import io.trunkroute.testpeers.PbxPeer;
import io.trunkroute.testpeers.SippRun;
import io.trunkroute.testpeers.TestSecrets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three engine nodes as separate JVMs in one Hazelcast cluster on loopback, one Kamailio carrier
 * whose trunk sells {@value #LIMIT} channels, SIPp PBXs and a SIPp callee. The tests run in order
 * on the same cluster: limit held across nodes, one registration per trunk, a node killed under
 * load (its channels released, its registration taken over), then a minority refusing calls.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static final int LIMIT = 4;
    private static final String USER = "7300";
    private static final String PW = TestSecrets.newPassword("cluster");
    private static final String NUMBER = "84951234567";

    private static KamailioCarrier carrier;
    private static CalleePeer callee;
    private static final List<EngineProcess> nodes = new ArrayList<>();

    @BeforeAll
    static void startCluster() {
        callee = CalleePeer.answering("cluster-callee", "127.0.0.2", 500, Duration.ofSeconds(600));
        carrier = KamailioCarrier.builder("cluster").address("127.0.0.2").user(USER, PW).callee(callee.hostPort())
                .minExpires(10).maxExpires(20).build().start();
        List<Integer> hz = List.of(FreePorts.udpAndTcp(), FreePorts.udpAndTcp(), FreePorts.udpAndTcp());
        String members = String.join(",", hz.stream().map(p -> "127.0.0.1:" + p).toList());
        Map<String, String> files = Map.of(
                "trunks.yaml", "trunks:\n  - id: shared\n    tenant: acme\n    server: 127.0.0.2\n    port: "
                        + carrier.port() + "\n    auth: { type: password, username: \"" + USER + "\", password: \"" + PW
                        + "\" }\n    channels: " + LIMIT + "\n",
                "tenants.yaml", "tenants:\n  - id: acme\n    region: RU\n    pbx:\n      - { address: 127.0.0.1 }\n",
                "decks.yaml", "decks:\n  - { id: d, file: decks/d.csv, currency: RUB, trunks: [shared] }\n",
                "decks/d.csv", "prefix,destination,rate\n7,Russia,1.00\n");
        Map<String, String> props = Map.of(
                "trunkroute.cluster.name", "cluster-it-" + System.nanoTime(),
                "trunkroute.cluster.members", members,
                "trunkroute.cluster.heartbeat-timeout", "5s",
                "trunkroute.cluster.lease-ttl", "15s",
                "trunkroute.registration.request-timeout", "3s",
                "trunkroute.registration.backoff-initial", "2s",
                "trunkroute.registration.backoff-max", "5s");
        for (int i = 0; i < 3; i++) {
            nodes.add(new EngineProcess("cluster-node-" + (i + 1), hz.get(i), files, props).start());
        }
        nodes.forEach(n -> n.awaitUp(Duration.ofSeconds(120)));
    }

    @AfterAll
    static void stopAll() {
        nodes.forEach(EngineProcess::close);
        if (carrier != null) {
            carrier.stop();
        }
        if (callee != null) {
            callee.stop();
        }
    }

    private static List<EngineProcess> alive() {
        return nodes.stream().filter(EngineProcess::isAlive).toList();
    }

    private static EngineProcess owner() {
        return alive().stream().filter(n -> "REGISTERED".equals(n.registrationState("shared"))).findFirst().orElse(null);
    }

    /** Polls the carrier's concurrent calls and every live node's channel count while load runs. */
    private static final class Watch implements AutoCloseable {
        final AtomicInteger maxAtCarrier = new AtomicInteger();
        final List<Integer> nodeCounts = new CopyOnWriteArrayList<>();
        final List<Integer> contactCounts = new CopyOnWriteArrayList<>();
        private final ScheduledExecutorService poll = Executors.newSingleThreadScheduledExecutor();

        Watch() {
            poll.scheduleAtFixedRate(() -> {
                try {
                    maxAtCarrier.accumulateAndGet(carrier.activeCalls(), Math::max);
                    contactCounts.add(carrier.contacts(USER).size());
                    for (EngineProcess n : alive()) {
                        nodeCounts.add(n.channelsInUse("shared"));
                    }
                } catch (RuntimeException ignored) {
                    // a node being killed: its API vanishes mid-poll
                }
            }, 0, 100, TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() {
            poll.shutdownNow();
        }
    }

    @Test
    @Order(1)
    void exactlyOneNodeRegistersTheTrunkAndTheCarrierHoldsOneContact() {
        await().atMost(Duration.ofSeconds(60)).until(() -> owner() != null);

        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(carrier.contacts(USER)).hasSize(1);
            assertThat(alive()).filteredOn(n -> "REGISTERED".equals(n.registrationState("shared"))).hasSize(1);
        });
        assertThat(alive()).filteredOn(n -> "OTHER_NODE".equals(n.registrationState("shared"))).hasSize(2);
        assertThat(carrier.contacts(USER).get(0).address()).contains(":" + owner().sipPort + ";");
    }

    @Test
    @Order(2)
    void threePbxsOnThreeNodesNeverGetMoreThanTheLimitAtTheCarrier() {
        PbxPeer pbx = new PbxPeer("127.0.0.1", "201");
        try (Watch watch = new Watch()) {
            List<SippRun> loads = new ArrayList<>();
            for (EngineProcess n : nodes) {
                loads.add(pbx.callsOrBusy(n.sipAddress(), NUMBER, 12, 4, 2500, Duration.ofSeconds(90)));
            }
            for (SippRun load : loads) {
                assertThat(load.awaitExit()).as(load.report()).isZero();
            }
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                for (EngineProcess n : alive()) {
                    assertThat(n.channelsInUse("shared")).as(n.name).isZero();
                }
            });
            assertThat(watch.maxAtCarrier.get()).as("concurrent calls at the carrier").isEqualTo(LIMIT);
            assertThat(watch.nodeCounts).as("channel counts seen on the nodes").allMatch(c -> c >= 0 && c <= LIMIT);
        }
        assertThat(carrier.callsAccepted().size()).isGreaterThanOrEqualTo(LIMIT);
    }

    @Test
    @Order(3)
    void killingTheOwnerUnderLoadReleasesItsChannelsAndMovesTheRegistration() {
        EngineProcess victim = owner();
        assertThat(victim).isNotNull();
        List<EngineProcess> survivors = alive().stream().filter(n -> n != victim).toList();
        PbxPeer pbx = new PbxPeer("127.0.0.1", "202");
        try (Watch watch = new Watch()) {
            SippRun onVictim = pbx.callsOrBusy(victim.sipAddress(), NUMBER, 3, 3, 20_000, Duration.ofSeconds(60));
            await().atMost(Duration.ofSeconds(15)).until(() -> victim.activeCalls() >= 2
                    && survivors.get(0).channelsInUse("shared") >= 2);
            int held = survivors.get(0).channelsInUse("shared");

            Instant killedAt = Instant.now();
            victim.kill();
            onVictim.stop();

            // Its channels come back within the heartbeat timeout (5 s) plus the lease TTL (15 s).
            await().atMost(Duration.ofSeconds(25)).untilAsserted(() -> {
                for (EngineProcess n : survivors) {
                    assertThat(n.channelsInUse("shared")).as(n.name).isZero();
                }
            });
            assertThat(held).isGreaterThanOrEqualTo(2);
            // Another node registers within two refresh intervals (the carrier grants 20 s).
            await().atMost(Duration.ofSeconds(40)).until(() -> owner() != null);
            assertThat(Duration.between(killedAt, Instant.now())).isLessThan(Duration.ofSeconds(40));
            EngineProcess heir = owner();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(carrier.contacts(USER)).singleElement()
                    .satisfies(c -> assertThat(c.address()).contains(":" + heir.sipPort + ";")));
            assertThat(watch.nodeCounts).allMatch(c -> c >= 0 && c <= LIMIT);
        }

        // The survivors carry calls on the trunk as before.
        PbxPeer after = new PbxPeer("127.0.0.1", "203");
        SippRun call = after.call(survivors.get(0).sipAddress(), NUMBER, 1, 200, "cluster-callee", Duration.ofSeconds(30));
        assertThat(call.awaitExit()).as(call.report()).isZero();
    }

    @Test
    @Order(4)
    void aLoneSurvivorRefusesNewCallsOnTheLimitedTrunk() {
        List<EngineProcess> left = alive();
        assertThat(left).hasSize(2);
        left.get(1).kill();
        EngineProcess survivor = left.get(0);

        // Until the heartbeat timeout passes the survivor still counts the dead members in; from then
        // on it is a minority of one and refuses the limited trunk.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            SippRun refused = new PbxPeer("127.0.0.1", "204").callExpecting(survivor.sipAddress(), NUMBER, 503,
                    Duration.ofSeconds(15));
            assertThat(refused.awaitExit()).as(refused.report()).isZero();
        });
        int before = carrier.received("INVITE").size();
        for (int i = 0; i < 3; i++) {
            SippRun refused = new PbxPeer("127.0.0.1", "205").callExpecting(survivor.sipAddress(), NUMBER, 503,
                    Duration.ofSeconds(15));
            assertThat(refused.awaitExit()).as(refused.report()).isZero();
        }

        assertThat(carrier.received("INVITE").size()).as("no INVITE left the minority node").isEqualTo(before);
        assertThat(survivor.request("GET", "/metrics").body())
                .containsPattern("trunkroute_channel_refusals_total\\{[^}]*reason=\"minority\"[^}]*} [1-9]");
    }
}
