package io.trunkroute.rules.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.trunkroute.rules.config.DeckSet;
import io.trunkroute.rules.config.RoutingSnapshot;
import io.trunkroute.rules.deck.DeckCsvReader;
import io.trunkroute.rules.deck.RateDeck;
import io.trunkroute.rules.policy.Policy;
import io.trunkroute.rules.ranges.NumberRange;
import io.trunkroute.rules.ranges.RangeExpander;
import io.trunkroute.rules.ranges.RossvyazRanges;
import io.trunkroute.trunks.model.Cidr;
import io.trunkroute.trunks.model.InviteFormat;
import io.trunkroute.trunks.model.Tenant;
import io.trunkroute.trunks.model.Trunk;
import io.trunkroute.trunks.model.TrunkAuth;
import io.trunkroute.trunks.model.TrunkTransport;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Least-cost choice against a brute-force oracle on real data: the Russian mobile numbering plan
 * (Rossvyaz DEF-9xx, 7,954 ranges, 85 operators) priced by three carriers with different rates per
 * operator. The decks go through the real pipeline (ranges → minimal prefixes → CSV → import →
 * prefix tree → router); the oracle looks each number up in the raw ranges by binary search and
 * picks the cheapest carrier by hand. Every one of 100,000+ numbers must agree.
 */
class LeastCostOracleTest {

    private static final BigDecimal FALLBACK = new BigDecimal("3.00");
    private static final String[] CARRIERS = {"alpha", "bravo", "charlie"};
    private static final int[] PRIORITY = {10, 20, 30};

    private static List<Trunk> trunks() {
        List<Trunk> out = new ArrayList<>();
        for (int i = 0; i < CARRIERS.length; i++) {
            out.add(new Trunk(CARRIERS[i], "acme", CARRIERS[i], "10.0.0." + (i + 1), 5060, TrunkTransport.UDP, null,
                    new TrunkAuth.Ip(List.of(Cidr.parse("10.0.0." + (i + 1)))), false, 360, null, null, null,
                    List.of(), InviteFormat.E164, List.of(), PRIORITY[i], true));
        }
        return out;
    }

    @Test
    void picksTheSameTrunkAsABruteForceOracleFor100000Numbers() throws Exception {
        List<RossvyazRanges.Row> rows;
        try (var in = new InputStreamReader(getClass().getResourceAsStream("/numbering/ru-DEF-9xx.csv"),
                StandardCharsets.UTF_8)) {
            rows = RossvyazRanges.read(in);
        }
        List<NumberRange> ranges = RossvyazRanges.ranges(rows, RossvyazRanges.Row::operator);
        Set<String> operators = new LinkedHashSet<>();
        ranges.forEach(r -> operators.add(r.key()));

        // Per-carrier rates per operator; charlie does not sell about a fifth of the operators.
        Random random = new Random(20261124);
        List<Map<String, BigDecimal>> rates = new ArrayList<>();
        for (int c = 0; c < CARRIERS.length; c++) {
            Map<String, BigDecimal> m = new HashMap<>();
            for (String op : operators) {
                if (c == 2 && random.nextInt(5) == 0) {
                    continue;
                }
                m.put(op, BigDecimal.valueOf(10 + random.nextInt(40), 2)); // 0.10 .. 0.49: ties happen
            }
            rates.add(m);
        }

        Map<String, RateDeck> byTrunk = new HashMap<>();
        List<RateDeck> decks = new ArrayList<>();
        for (int c = 0; c < CARRIERS.length; c++) {
            Map<String, BigDecimal> m = rates.get(c);
            List<NumberRange> sold = ranges.stream().filter(r -> m.containsKey(r.key())).toList();
            StringBuilder csv = new StringBuilder("prefix,destination,rate\n79,Russia mobile (other),3.00\n");
            for (RangeExpander.Prefix p : RangeExpander.expand(sold)) {
                csv.append(p.digits()).append(",\"").append(p.key().replace("\"", "\"\"")).append("\",")
                        .append(m.get(p.key()).toPlainString()).append('\n');
            }
            RateDeck deck = DeckCsvReader.read(CARRIERS[c], "RUB", CARRIERS[c] + ".csv", new StringReader(csv.toString()),
                    false).deck();
            byTrunk.put(CARRIERS[c], deck);
            decks.add(deck);
        }
        RoutingSnapshot snapshot = new RoutingSnapshot(new DeckSet(byTrunk, decks), Policy.empty(), Instant.now());
        LeastCostRouter router = new LeastCostRouter(() -> snapshot);
        Tenant acme = new Tenant("acme", "Acme", "RU", ZoneId.of("Europe/Moscow"), List.of());
        List<Trunk> trunks = trunks();

        List<NumberRange> byStart = new ArrayList<>(ranges);
        byStart.sort(Comparator.comparingLong(NumberRange::from));
        int compared = 0;
        int skippedInvalid = 0;
        int ties = 0;
        while (compared < 100_000) {
            // Mostly numbers inside assigned ranges, some anywhere in 9xx (the fallback prefix then decides).
            long national;
            if (random.nextInt(10) < 9) {
                NumberRange r = byStart.get(random.nextInt(byStart.size()));
                national = r.from() + (long) (random.nextDouble() * (r.to() - r.from() + 1));
            } else {
                national = 9_000_000_000L + (long) (random.nextDouble() * 1_000_000_000L);
            }
            String dialled = "8" + national;
            RouteDecision d = router.decide(acme, "201", dialled, Instant.parse("2026-11-24T09:00:00Z"), trunks,
                    CandidateStates.ASSUME_AVAILABLE);
            if (!d.isValidNumber()) {
                skippedInvalid++;
                continue;
            }
            assertThat(d.e164()).isEqualTo("+7" + national);

            // The oracle: raw ranges, by hand.
            NumberRange owner = find(byStart, national);
            BigDecimal best = null;
            int bestCarrier = -1;
            BigDecimal[] oracleRates = new BigDecimal[CARRIERS.length];
            for (int c = 0; c < CARRIERS.length; c++) {
                BigDecimal r = owner != null && rates.get(c).containsKey(owner.key()) ? rates.get(c).get(owner.key())
                        : FALLBACK;
                oracleRates[c] = r;
                if (best == null || r.compareTo(best) < 0) { // strict: ties keep the lower priority number
                    best = r;
                    bestCarrier = c;
                }
            }
            for (int c = 0; c < CARRIERS.length; c++) {
                if (c != bestCarrier && oracleRates[c].compareTo(best) == 0) {
                    ties++;
                    break;
                }
            }
            assertThat(d.ranked()).as("ranking for %s", dialled).hasSize(CARRIERS.length);
            assertThat(d.ranked().get(0).trunk().id()).as("choice for %s (oracle rates %s)", dialled,
                    List.of(oracleRates)).isEqualTo(CARRIERS[bestCarrier]);
            assertThat(d.ranked().get(0).match().tariff().ratePerMinute()).isEqualByComparingTo(best);
            compared++;
        }
        assertThat(compared).isEqualTo(100_000);
        assertThat(ties).as("the data must exercise tie-breaking").isGreaterThan(1000);
        assertThat(skippedInvalid).as("numbers libphonenumber does not know").isLessThan(20_000);
    }

    private static NumberRange find(List<NumberRange> byStart, long n) {
        int lo = 0;
        int hi = byStart.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            NumberRange r = byStart.get(mid);
            if (n < r.from()) {
                hi = mid - 1;
            } else if (n > r.to()) {
                lo = mid + 1;
            } else {
                return r;
            }
        }
        return null;
    }
}
