package io.trunkroute.api;

import io.trunkroute.calls.CallService;
import io.trunkroute.calls.ChannelLedger;
import io.trunkroute.trunks.model.Trunk;
import io.trunkroute.trunks.registry.TrunkRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestBindingMode;

/**
 * {@code GET /api/v1/channels}: channels in use against each trunk's limit on this node;
 * {@code GET /api/v1/calls}: calls in progress.
 */
public final class CallApiRoutes extends RouteBuilder {

    private final Supplier<CallService> calls;
    private final Supplier<ChannelLedger> ledger;
    private final Supplier<TrunkRegistry> trunks;

    public CallApiRoutes(Supplier<CallService> calls, Supplier<ChannelLedger> ledger, Supplier<TrunkRegistry> trunks) {
        this.calls = calls;
        this.ledger = ledger;
        this.trunks = trunks;
    }

    @Override
    public void configure() {
        onException(ApiException.class).handled(true)
                .process(e -> JsonResponses.error(e, e.getProperty(Exchange.EXCEPTION_CAUGHT, ApiException.class)));
        restConfiguration().component("platform-http").bindingMode(RestBindingMode.off);
        rest("/api/v1")
                .get("/channels").produces("application/json").to("direct:api-channels")
                .get("/calls").produces("application/json").to("direct:api-calls");
        from("direct:api-channels").routeId("api-channels").process(this::channels);
        from("direct:api-calls").routeId("api-calls").process(this::calls);
    }

    private static <T> T ready(Supplier<T> s) {
        T t = s.get();
        if (t == null) {
            throw new ApiException(503, "node is starting", null);
        }
        return t;
    }

    private void channels(Exchange e) {
        ChannelLedger l = ready(ledger);
        Map<String, Object> out = new LinkedHashMap<>();
        for (Trunk t : ready(trunks).trunks()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("tenant", t.tenant());
            m.put("in_use", l.inUse(t.id()));
            m.put("limit", t.channels());
            out.put(t.id(), m);
        }
        JsonResponses.ok(e, Map.of("channels", out));
    }

    private void calls(Exchange e) {
        CallService c = ready(calls);
        List<String> ids = List.copyOf(c.activeCallIds());
        JsonResponses.ok(e, Map.of("active", ids.size(), "call_ids", ids));
    }
}
