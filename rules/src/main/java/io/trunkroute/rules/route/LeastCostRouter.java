package io.trunkroute.rules.route;

import io.trunkroute.rules.config.RoutingSnapshot;
import io.trunkroute.rules.deck.RateDeck;
import io.trunkroute.rules.deck.RateMatch;
import io.trunkroute.rules.numbers.NormalizedNumber;
import io.trunkroute.rules.numbers.PhoneNumbers;
import io.trunkroute.rules.policy.Candidate;
import io.trunkroute.rules.policy.Ranking;
import io.trunkroute.rules.policy.RouteRequest;
import io.trunkroute.rules.policy.Verdict;
import io.trunkroute.trunks.model.Tenant;
import io.trunkroute.trunks.model.Trunk;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The least-cost decision for one call, in four steps: normalise the number for the tenant's
 * region; look it up in each of the tenant's enabled trunks' decks (a trunk without a rate for the
 * number on the call's date is not a candidate); run the policy rules over the candidates; rank
 * what the rules allowed by effective cost, ties by priority. Reads one immutable
 * {@link RoutingSnapshot} from start to end, so a reload never splits a decision.
 */
public final class LeastCostRouter {

    private final Supplier<RoutingSnapshot> snapshot;

    public LeastCostRouter(Supplier<RoutingSnapshot> snapshot) {
        this.snapshot = snapshot;
        PhoneNumbers.prepare();
    }

    /**
     * @param trunks all trunks of the node; the tenant's enabled ones are considered
     * @param at     the call's time (the deck validity day and the rules' local time use the tenant's zone)
     */
    public RouteDecision decide(Tenant tenant, String caller, String dialled, Instant at, List<Trunk> trunks,
                                CandidateStates states) {
        long t0 = System.nanoTime();
        RoutingSnapshot s = snapshot.get();
        NormalizedNumber number = PhoneNumbers.normalize(dialled, tenant.region());
        if (!number.isValid()) {
            return new RouteDecision(dialled, null, number.reason(), 0, null, null, List.of(), List.of(), List.of(),
                    s.policy().version(), System.nanoTime() - t0);
        }
        LocalDateTime local = LocalDateTime.ofInstant(at, tenant.timezone());
        LocalDate day = local.toLocalDate();
        String digits = number.digits();
        List<Candidate> candidates = new ArrayList<>();
        // Each candidate's trunk and match, at the candidate's index (a few entries: no hashing).
        List<Trunk> candidateTrunks = new ArrayList<>();
        List<RateMatch> candidateMatches = new ArrayList<>();
        List<RouteDecision.Excluded> excluded = new ArrayList<>();
        List<Trunk> own = new ArrayList<>();
        for (Trunk t : trunks) {
            if (t.enabled() && t.tenant().equals(tenant.id())) {
                own.add(t);
            }
        }
        RateDeck[] decks = new RateDeck[own.size()];
        for (int i = 0; i < decks.length; i++) {
            decks[i] = s.decks().forTrunk(own.get(i).id());
        }
        RateMatch[] found = RateDeck.matchAll(decks, digits, day);
        for (int i = 0; i < decks.length; i++) {
            Trunk t = own.get(i);
            RateDeck deck = decks[i];
            RateMatch m = found[i];
            if (m == null) {
                excluded.add(new RouteDecision.Excluded(t.id(), RouteDecision.NO_RATE + number.e164()
                        + (deck == null ? " (no deck prices this trunk)" : " in deck " + deck.id() + " on " + day),
                        List.of()));
                continue;
            }
            candidateTrunks.add(t);
            candidateMatches.add(m);
            candidates.add(new Candidate(t.id(), t.tenant(), Set.copyOf(t.tags()), m.prefix(), m.destination(),
                    m.tariff().ratePerMinute(), m.tariff().cost1Minute(), m.tariff().cost5Minutes(), states.registration(t),
                    states.channelsFree(t), t.priority(), states.asr(t)));
        }
        RouteRequest request = new RouteRequest(tenant.id(), caller, number.e164(), local);
        Verdict verdict = s.policy().evaluate(request, candidates);
        List<RouteDecision.Ranked> ranked = new ArrayList<>();
        if (!verdict.isBlocked()) {
            for (Candidate c : Ranking.rank(candidates)) {
                int i = indexOf(candidates, c);
                ranked.add(new RouteDecision.Ranked(candidateTrunks.get(i), candidateMatches.get(i), c.getCost1Minute(),
                        c.getCost5Minutes(), c.getEffectiveCost(), c.getFiredRules(), c.getCallerId()));
            }
        }
        for (Candidate c : candidates) {
            if (c.isExcluded()) {
                excluded.add(new RouteDecision.Excluded(c.getTrunk(), c.getExclusion(), c.getFiredRules()));
            }
        }
        return new RouteDecision(dialled, number.e164(), null, verdict.getBlockCode(), verdict.getBlockReason(),
                verdict.getBlockedBy(), ranked, excluded, verdict.getFiredRules(), s.policy().version(),
                System.nanoTime() - t0);
    }

    private static int indexOf(List<Candidate> candidates, Candidate c) {
        for (int i = 0; i < candidates.size(); i++) {
            if (candidates.get(i) == c) {
                return i;
            }
        }
        throw new IllegalStateException("ranking returned a candidate it was not given: " + c.getTrunk());
    }
}
