package io.trunkroute.rules.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.trunkroute.rules.config.DeckSet;
import io.trunkroute.rules.config.RoutingSnapshot;
import io.trunkroute.rules.deck.DeckCsvReader;
import io.trunkroute.rules.deck.RateDeck;
import io.trunkroute.rules.policy.Policy;
import io.trunkroute.rules.policy.PolicyCompiler;
import io.trunkroute.rules.policy.RuleFile;
import io.trunkroute.trunks.model.Cidr;
import io.trunkroute.trunks.model.InviteFormat;
import io.trunkroute.trunks.model.Tenant;
import io.trunkroute.trunks.model.Trunk;
import io.trunkroute.trunks.model.TrunkAuth;
import io.trunkroute.trunks.model.TrunkTransport;
import java.io.StringReader;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LeastCostRouterTest {

    private static final Tenant ACME = new Tenant("acme", "Acme", "RU", ZoneId.of("Europe/Moscow"), List.of());
    private static final Instant NOON = Instant.parse("2026-11-24T09:00:00Z");

    private static Trunk trunk(String id, int priority, String tenant, boolean enabled, String... tags) {
        return new Trunk(id, tenant, id, "10.0.0.1", 5060, TrunkTransport.UDP, null,
                new TrunkAuth.Ip(List.of(Cidr.parse("10.0.0.1"))), false, 360, 10, null, null, List.of(),
                InviteFormat.E164, List.of(tags), priority, enabled);
    }

    private static RateDeck deck(String id, String rows) throws Exception {
        return DeckCsvReader.read(id, "RUB", id + ".csv", new StringReader("prefix,destination,rate\n" + rows), false)
                .deck();
    }

    private static LeastCostRouter router(Policy policy, Map<String, RateDeck> decks) {
        RoutingSnapshot s = new RoutingSnapshot(new DeckSet(decks, List.copyOf(decks.values())), policy, Instant.now());
        return new LeastCostRouter(() -> s);
    }

    @Test
    void ranksByCostThenPriorityAndLeavesOutTrunksWithoutARate() throws Exception {
        LeastCostRouter r = router(Policy.empty(), Map.of(
                "a", deck("a", "7495,Moscow,0.40\n"),
                "b", deck("b", "7495,Moscow,0.40\n"),
                "c", deck("c", "7,Russia,0.30\n"),
                "d", deck("d", "7916,MTS,0.10\n")));
        List<Trunk> trunks = List.of(trunk("a", 20, "acme", true), trunk("b", 10, "acme", true),
                trunk("c", 30, "acme", true), trunk("d", 5, "acme", true), trunk("e", 1, "acme", true),
                trunk("other-tenant", 1, "globex", true), trunk("off", 1, "acme", false));

        RouteDecision d = r.decide(ACME, "201", "8 (495) 123-45-67", NOON, trunks, CandidateStates.ASSUME_AVAILABLE);

        assertThat(d.e164()).isEqualTo("+74951234567");
        assertThat(d.ranked()).extracting(x -> x.trunk().id()).containsExactly("c", "b", "a");
        assertThat(d.ranked().get(0).match().prefix()).isEqualTo("7");
        assertThat(d.ranked().get(1).match().prefix()).isEqualTo("7495");
        assertThat(d.excluded()).extracting(RouteDecision.Excluded::trunkId).containsExactlyInAnyOrder("d", "e");
        assertThat(d.excluded()).filteredOn(x -> x.trunkId().equals("e")).singleElement()
                .satisfies(x -> assertThat(x.reason()).contains("no deck prices this trunk"));
        assertThat(d.rejectCode()).isZero();
    }

    @Test
    void answers484ForAnInvalidNumberAnd404WhenNoTrunkHasARate() throws Exception {
        LeastCostRouter r = router(Policy.empty(), Map.of("a", deck("a", "7495,Moscow,0.40\n")));
        List<Trunk> trunks = List.of(trunk("a", 10, "acme", true));

        RouteDecision invalid = r.decide(ACME, "201", "12", NOON, trunks, CandidateStates.ASSUME_AVAILABLE);
        RouteDecision unrated = r.decide(ACME, "201", "+4930123456", NOON, trunks, CandidateStates.ASSUME_AVAILABLE);

        assertThat(invalid.rejectCode()).isEqualTo(484);
        assertThat(invalid.rejectReason()).startsWith("Address Incomplete");
        assertThat(unrated.rejectCode()).isEqualTo(404);
    }

    @Test
    void explainsWhatTheShippedRulesDid() throws Exception {
        Policy policy = PolicyCompiler.compile(io.trunkroute.rules.policy.ShippedRulesAccess.shipped());
        LeastCostRouter r = router(policy, Map.of(
                "cheap", deck("cheap", "7,Russia,0.30\n"),
                "quality", deck("quality", "7,Russia,0.55\n"),
                "down", deck("down", "7,Russia,0.10\n")));
        List<Trunk> trunks = List.of(trunk("cheap", 10, "acme", true), trunk("quality", 20, "acme", true, "quality"),
                trunk("down", 5, "acme", true));
        CandidateStates states = new CandidateStates() {
            @Override
            public String registration(Trunk t) {
                return t.id().equals("down") ? "FAILED" : "REGISTERED";
            }

            @Override
            public int channelsFree(Trunk t) {
                return 5;
            }
        };

        // Tuesday 12:00 in Moscow: business hours, the quality trunk is boosted by 0.30.
        RouteDecision d = r.decide(ACME, "201", "84951234567", NOON, trunks, states);

        assertThat(d.ranked()).extracting(x -> x.trunk().id()).containsExactly("quality", "cheap");
        assertThat(d.ranked().get(0).rules()).containsExactly("acme prefers quality trunks in business hours: -0.3");
        assertThat(d.excluded()).singleElement().satisfies(x -> {
            assertThat(x.trunkId()).isEqualTo("down");
            assertThat(x.reason()).isEqualTo("not registered (FAILED)");
            assertThat(x.rules()).containsExactly("skip trunks that are not registered: excluded (not registered (FAILED))");
        });

        RouteDecision premium = r.decide(ACME, "201", "88091234567", NOON, trunks, states);
        assertThat(premium.rejectCode()).isEqualTo(403);
        assertThat(premium.blockedBy()).isEqualTo("block premium and satellite destinations");
        assertThat(premium.ranked()).isEmpty();
    }

    @Test
    void aReloadNeverShowsHalfADeckToConcurrentLookups() throws Exception {
        RoutingSnapshot v1 = new RoutingSnapshot(new DeckSet(Map.of("a", deck("a", "7,R,1.00\n"), "b",
                deck("b", "7,R,2.00\n")), List.of()), Policy.empty(), Instant.now());
        RoutingSnapshot v2 = new RoutingSnapshot(new DeckSet(Map.of("a", deck("a", "7,R,2.00\n"), "b",
                deck("b", "7,R,1.00\n")), List.of()), Policy.empty(), Instant.now());
        AtomicReference<RoutingSnapshot> current = new AtomicReference<>(v1);
        LeastCostRouter r = new LeastCostRouter(current::get);
        List<Trunk> trunks = List.of(trunk("a", 10, "acme", true), trunk("b", 10, "acme", true));
        AtomicBoolean stop = new AtomicBoolean();
        java.util.concurrent.atomic.AtomicLong checks = new java.util.concurrent.atomic.AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> readers = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            readers.add(pool.submit(() -> {
                while (!stop.get()) {
                    RouteDecision d = r.decide(ACME, "201", "74951234567", NOON, trunks, CandidateStates.ASSUME_AVAILABLE);
                    // Either version, never a mix: the two rates are always one 1.00 and one 2.00.
                    assertThat(d.ranked().get(0).match().tariff().ratePerMinute()).isEqualByComparingTo("1.00");
                    assertThat(d.ranked().get(1).match().tariff().ratePerMinute()).isEqualByComparingTo("2.00");
                    checks.incrementAndGet();
                }
                return null;
            }));
        }
        // Swap until the readers have checked enough decisions, not a fixed number of times: on a
        // loaded 2-CPU machine 20,000 swaps once ended before any reader had run.
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        for (int i = 0; checks.get() < 20_000 && System.nanoTime() < deadline; i++) {
            current.set(i % 2 == 0 ? v2 : v1);
        }
        stop.set(true);
        for (Future<?> f : readers) {
            f.get(); // a reader's failed assertion surfaces here
        }
        pool.shutdown();
        assertThat(checks.get()).as("decisions checked while the snapshot was being swapped").isGreaterThanOrEqualTo(20_000);
    }
}
