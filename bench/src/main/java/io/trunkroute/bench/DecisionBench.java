package io.trunkroute.bench;

import io.trunkroute.rules.config.DeckSet;
import io.trunkroute.rules.config.RoutingSnapshot;
import io.trunkroute.rules.deck.RateDeck;
import io.trunkroute.rules.numbers.PhoneNumbers;
import io.trunkroute.rules.policy.Policy;
import io.trunkroute.rules.policy.PolicyCompiler;
import io.trunkroute.rules.policy.RuleFile;
import io.trunkroute.rules.route.CandidateStates;
import io.trunkroute.rules.route.LeastCostRouter;
import io.trunkroute.rules.route.RouteDecision;
import io.trunkroute.trunks.model.Cidr;
import io.trunkroute.trunks.model.InviteFormat;
import io.trunkroute.trunks.model.Tenant;
import io.trunkroute.trunks.model.Trunk;
import io.trunkroute.trunks.model.TrunkAuth;
import io.trunkroute.trunks.model.TrunkTransport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A full routing decision: normalise (libphonenumber), look up 10 trunks' decks (1,000,000 prefixes
 * in all), run the shipped Drools policy (config/rules) over the candidates, rank. p50/p99. Every
 * dialled number is valid, so every decision does the whole work.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DecisionBench {

    private static final int MASK = (1 << 16) - 1;

    private LeastCostRouter router;
    private Tenant tenant;
    private List<Trunk> trunks;
    private String[] dialled;
    private Instant at;
    private int next;

    @Setup
    public void build() throws Exception {
        Map<String, RateDeck> byTrunk = new HashMap<>();
        List<RateDeck> decks = new ArrayList<>();
        trunks = new ArrayList<>();
        for (int t = 0; t < SyntheticDecks.TRUNKS; t++) {
            RateDeck d = SyntheticDecks.deck(t);
            decks.add(d);
            byTrunk.put("trunk-" + t, d);
            trunks.add(new Trunk("trunk-" + t, "acme", "t" + t, "10.0.0." + (t + 1), 5060, TrunkTransport.UDP, null,
                    new TrunkAuth.Ip(List.of(Cidr.parse("10.0.0." + (t + 1)))), false, 360, 30, null, null, List.of(),
                    InviteFormat.E164, t % 3 == 0 ? List.of("quality") : List.of(), 10 + t, true));
        }
        Policy policy = PolicyCompiler.compile(shippedRules());
        RoutingSnapshot s = new RoutingSnapshot(new DeckSet(byTrunk, decks), policy, Instant.now());
        router = new LeastCostRouter(() -> s);
        tenant = new Tenant("acme", "Acme", "RU", ZoneId.of("Europe/Moscow"), List.of());
        // Only numbers that exist in the numbering plan: an invalid one is refused after normalising,
        // before any deck lookup or rule, and would flatter the figures.
        List<String> valid = new ArrayList<>();
        for (String n : SyntheticDecks.numbers(8 * (MASK + 1))) {
            if (valid.size() <= MASK && PhoneNumbers.normalize("+" + n, "RU").isValid()) {
                valid.add("+" + n);
            }
        }
        if (valid.size() <= MASK) {
            throw new IllegalStateException("only " + valid.size() + " valid numbers among the synthetic ones");
        }
        dialled = valid.toArray(new String[0]);
        at = Instant.parse("2026-11-24T09:00:00Z"); // business hours in Moscow: the boost rule fires too
    }

    static List<RuleFile> shippedRules() throws Exception {
        Path dir = Path.of("..", "config", "rules");
        try (Stream<Path> files = Files.list(dir)) {
            List<RuleFile> out = new ArrayList<>();
            for (Path p : files.filter(f -> f.toString().endsWith(".drl")).sorted().toList()) {
                out.add(new RuleFile(p.getFileName().toString(), Files.readString(p)));
            }
            return out;
        }
    }

    @Benchmark
    public RouteDecision decide() {
        return router.decide(tenant, "201", dialled[next++ & MASK], at, trunks, CandidateStates.ASSUME_AVAILABLE);
    }
}
