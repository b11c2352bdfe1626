package io.trunkroute.api;

import io.trunkroute.calls.TenantDirectory;
import io.trunkroute.rules.config.RoutingRules;
import io.trunkroute.rules.route.CandidateStates;
import io.trunkroute.rules.route.LeastCostRouter;
import io.trunkroute.rules.route.RouteDecision;
import io.trunkroute.trunks.model.Trunk;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestBindingMode;

/**
 * {@code GET /api/v1/route?tenant=acme&number=84951234567[&at=ISO-instant]}: where a call would go
 * right now and why (ranked trunks with prefix, rate, cost and the rules that touched them; the
 * trunks left out with the reason; a block). {@code POST /api/v1/rules/reload}: re-reads decks and
 * rules; a bad file is refused with its problems and the rules in service stay.
 */
public final class RouteApiRoutes extends RouteBuilder {

    private final LeastCostRouter router;
    private final RoutingRules rules;
    private final Supplier<TenantDirectory> tenants;
    private final Supplier<List<Trunk>> trunks;
    private final CandidateStates states;

    public RouteApiRoutes(LeastCostRouter router, RoutingRules rules, Supplier<TenantDirectory> tenants,
                          Supplier<List<Trunk>> trunks, CandidateStates states) {
        this.router = router;
        this.rules = rules;
        this.tenants = tenants;
        this.trunks = trunks;
        this.states = states;
    }

    @Override
    public void configure() {
        onException(ApiException.class).handled(true)
                .process(e -> JsonResponses.error(e, e.getProperty(Exchange.EXCEPTION_CAUGHT, ApiException.class)));
        restConfiguration().component("platform-http").bindingMode(RestBindingMode.off);
        rest("/api/v1")
                .get("/route").produces("application/json").to("direct:api-route")
                .post("/rules/reload").produces("application/json").to("direct:api-rules-reload");
        from("direct:api-route").routeId("api-route").process(this::route);
        from("direct:api-rules-reload").routeId("api-rules-reload").process(this::reload);
    }

    private void route(Exchange e) {
        String tenant = e.getIn().getHeader("tenant", String.class);
        String number = e.getIn().getHeader("number", String.class);
        if (tenant == null || tenant.isBlank()) {
            throw ApiException.badField("tenant", "query parameter 'tenant' is required");
        }
        if (number == null || number.isBlank()) {
            throw ApiException.badField("number", "query parameter 'number' is required");
        }
        Instant at = Instant.now();
        String atText = e.getIn().getHeader("at", String.class);
        if (atText != null && !atText.isBlank()) {
            try {
                at = Instant.parse(atText);
            } catch (DateTimeParseException ex) {
                throw ApiException.badField("at", "'at' must be an ISO instant like 2026-11-24T09:00:00Z");
            }
        }
        TenantDirectory dir = tenants.get();
        List<Trunk> all = trunks.get();
        if (dir == null || all == null) {
            throw new ApiException(503, "node is starting", null);
        }
        RouteDecision d = router.decide(dir.get(tenant), "explain", number, at, all, states);
        JsonResponses.ok(e, view(tenant, d, at));
    }

    /** The explain view, shared with the CLI. */
    public static Map<String, Object> view(String tenant, RouteDecision d, Instant at) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tenant", tenant);
        m.put("input", d.input());
        m.put("number", d.e164());
        m.put("at", at.toString());
        if (!d.isValidNumber()) {
            m.put("invalid", d.invalidReason());
        }
        if (d.isBlocked()) {
            m.put("blocked", Map.of("code", d.blockCode(), "reason", d.blockReason(), "rule", d.blockedBy()));
        }
        m.put("result", d.rejectCode() == 0 ? "routed" : d.rejectCode() + " " + d.rejectReason());
        m.put("ranked", d.ranked().stream().map(r -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("trunk", r.trunk().id());
            x.put("prefix", r.match().prefix());
            x.put("destination", r.match().destination());
            x.put("deck", r.match().deckId());
            x.put("currency", r.match().currency());
            x.put("rate", r.match().tariff().ratePerMinute().toPlainString());
            x.put("connect_fee", r.match().tariff().connectFee().toPlainString());
            x.put("increments", r.match().tariff().incrementFirst() + "/" + r.match().tariff().incrementNext());
            x.put("cost_1_min", r.cost1Minute().toPlainString());
            x.put("cost_5_min", r.cost5Minutes().toPlainString());
            x.put("effective_cost", r.effectiveCost().toPlainString());
            x.put("priority", r.trunk().priority());
            x.put("caller_id", r.callerId() != null ? r.callerId() : r.trunk().mainNumber());
            x.put("rules", r.rules());
            return x;
        }).toList());
        m.put("excluded", d.excluded().stream().map(x -> {
            Map<String, Object> y = new LinkedHashMap<>();
            y.put("trunk", x.trunkId());
            y.put("reason", x.reason());
            y.put("rules", x.rules());
            return y;
        }).toList());
        m.put("call_rules", d.callRules());
        m.put("policy_version", d.policyVersion());
        m.put("decision_micros", d.tookNanos() / 1000);
        return m;
    }

    private void reload(Exchange e) {
        RoutingRules.ReloadResult r = rules.reload();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("applied", r.applied());
        body.put("decks", r.decks());
        body.put("rules", r.rules());
        body.put("problems", r.problems());
        JsonResponses.write(e, r.applied() ? 200 : 422, body);
    }
}
