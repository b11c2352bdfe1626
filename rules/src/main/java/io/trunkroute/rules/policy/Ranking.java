package io.trunkroute.rules.policy;

import java.util.Comparator;
import java.util.List;

/**
 * Orders the candidates the rules allowed: forced ones first, then by effective cost (the cost of
 * a one-minute call, connect fee and first increment included, plus rule adjustments), ties by
 * trunk priority (lower wins), then by trunk id so the order never depends on input order.
 */
public final class Ranking {

    public static final Comparator<Candidate> ORDER = Comparator.comparing((Candidate c) -> !c.isForced())
            .thenComparing(Candidate::getEffectiveCost)
            .thenComparingInt(Candidate::getPriority)
            .thenComparing(Candidate::getTrunk);

    private Ranking() {
    }

    public static List<Candidate> rank(List<Candidate> candidates) {
        return candidates.stream().filter(c -> !c.isExcluded()).sorted(ORDER).toList();
    }
}
