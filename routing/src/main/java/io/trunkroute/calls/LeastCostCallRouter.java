package io.trunkroute.calls;

import io.trunkroute.rules.numbers.PhoneNumbers;
import io.trunkroute.rules.route.CandidateStates;
import io.trunkroute.rules.route.LeastCostRouter;
import io.trunkroute.rules.route.RouteDecision;
import io.trunkroute.trunks.model.Tenant;
import io.trunkroute.trunks.model.Trunk;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The call path's {@link CallRouter} over the rules module: the least-cost decision for the call,
 * turned into INVITE candidates in each trunk's number format with its main number as caller ID.
 */
public final class LeastCostCallRouter implements CallRouter {

    private static final Logger LOG = LoggerFactory.getLogger(LeastCostCallRouter.class);

    private final LeastCostRouter router;
    private final Supplier<List<Trunk>> trunks;
    private final CandidateStates states;
    private final Clock clock;

    public LeastCostCallRouter(LeastCostRouter router, Supplier<List<Trunk>> trunks, CandidateStates states,
                               Clock clock) {
        this.router = router;
        this.trunks = trunks;
        this.states = states;
        this.clock = clock;
    }

    @Override
    public RoutePlan plan(Tenant tenant, String caller, String dialled) {
        RouteDecision d = router.decide(tenant, caller, dialled, clock.instant(), trunks.get(), states);
        if (d.rejectCode() != 0) {
            LOG.info("call from {} ({}) to {}: {} {}", caller, tenant.id(), dialled, d.rejectCode(), d.rejectReason());
            return RoutePlan.reject(d.e164() == null ? dialled : d.e164(), d.rejectCode(), reasonPhrase(d));
        }
        List<RouteCandidate> candidates = d.ranked().stream().map(r -> {
            Trunk t = r.trunk();
            String shown = r.callerId() != null ? r.callerId() : t.mainNumber();
            String from = shown != null ? PhoneNumbers.format(shown, t.inviteFormat())
                    : caller == null ? "anonymous" : caller;
            return new RouteCandidate(t, Target.of(t), PhoneNumbers.format(d.e164(), t.inviteFormat()), from,
                    r.match().prefix(), r.match().tariff().ratePerMinute(), r.match().tariff().connectFee(),
                    r.match().tariff().incrementFirst(), r.match().tariff().incrementNext(), r.match().currency());
        }).toList();
        return RoutePlan.route(d.e164(), candidates);
    }

    /** A short reason phrase for the SIP status line (the full reason is in the log and explain). */
    private static String reasonPhrase(RouteDecision d) {
        return switch (d.rejectCode()) {
            case 484 -> "Address Incomplete";
            case 404 -> "No Route";
            case 503 -> "No Route Available";
            default -> d.blockReason() == null ? "Forbidden" : d.blockReason();
        };
    }
}
