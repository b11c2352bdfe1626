package io.trunkroute.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.trunkroute.trunks.model.Trunk;
import io.trunkroute.trunks.registration.RegistrationManager;
import io.trunkroute.trunks.registration.RegistrationStatus;
import io.trunkroute.trunks.registry.TrunkRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestBindingMode;

/**
 * {@code /api/v1/trunks}: list, one trunk, its registration, enable/disable, reload. Served by
 * Camel's REST DSL on platform-http (the embedded Vert.x server of Camel Main).
 *
 * <pre>
 * GET  /api/v1/trunks                      all trunks with their registration
 * GET  /api/v1/trunks/{id}                 one trunk
 * GET  /api/v1/trunks/{id}/registration    registration status only
 * PUT  /api/v1/trunks/{id}/enabled         {"enabled": false} disables (de-registers) the trunk
 * POST /api/v1/trunks/reload               re-reads trunks.yaml; a bad file is refused, old trunks stay
 * </pre>
 */
public final class TrunkApiRoutes extends RouteBuilder {

    /** What the API reads; the node fills it once the SIP stack is up (before that: 503). */
    public interface Services {
        TrunkRegistry registry();

        RegistrationManager registrations();
    }

    private final Services services;

    public TrunkApiRoutes(Services services) {
        this.services = services;
    }

    private TrunkRegistry registry() {
        TrunkRegistry r = services.registry();
        if (r == null) {
            throw new ApiException(503, "node is starting", null);
        }
        return r;
    }

    private RegistrationManager registrations() {
        RegistrationManager r = services.registrations();
        if (r == null) {
            throw new ApiException(503, "node is starting", null);
        }
        return r;
    }

    @Override
    public void configure() {
        onException(ApiException.class).handled(true)
                .process(e -> JsonResponses.error(e, e.getProperty(Exchange.EXCEPTION_CAUGHT, ApiException.class)));
        onException(Exception.class).handled(true).process(e -> {
            Exception cause = e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
            log.error("API request failed", cause);
            JsonResponses.error(e, new ApiException(500, "internal error: " + cause.getClass().getSimpleName(), null));
        });

        restConfiguration().component("platform-http").bindingMode(RestBindingMode.off);

        rest("/api/v1/trunks")
                .get().produces("application/json").to("direct:api-trunks-list")
                .post("/reload").produces("application/json").to("direct:api-trunks-reload")
                .get("/{id}").produces("application/json").to("direct:api-trunk-get")
                .get("/{id}/registration").produces("application/json").to("direct:api-trunk-registration")
                .put("/{id}/enabled").consumes("application/json").produces("application/json")
                .to("direct:api-trunk-enabled");

        from("direct:api-trunks-list").routeId("api-trunks-list").process(this::list);
        from("direct:api-trunk-get").routeId("api-trunk-get").process(this::get);
        from("direct:api-trunk-registration").routeId("api-trunk-registration").process(this::registration);
        from("direct:api-trunk-enabled").routeId("api-trunk-enabled").process(this::enabled);
        from("direct:api-trunks-reload").routeId("api-trunks-reload").process(this::reload);
    }

    private void list(Exchange exchange) {
        List<Map<String, Object>> body = registry().trunks().stream()
                .map(t -> TrunkViews.trunk(t, registrations().status(t.id()).orElse(null))).toList();
        JsonResponses.ok(exchange, Map.of("trunks", body));
    }

    private Trunk trunk(Exchange exchange) {
        String id = exchange.getIn().getHeader("id", String.class);
        return registry().find(id).orElseThrow(() -> ApiException.notFound("trunk '" + id + "'"));
    }

    private void get(Exchange exchange) {
        Trunk t = trunk(exchange);
        JsonResponses.ok(exchange, TrunkViews.trunk(t, registrations().status(t.id()).orElse(null)));
    }

    private void registration(Exchange exchange) {
        Trunk t = trunk(exchange);
        RegistrationStatus s = registrations().status(t.id())
                .orElseThrow(() -> ApiException.notFound("registration of trunk '" + t.id() + "'"));
        JsonResponses.ok(exchange, TrunkViews.registration(s));
    }

    private void enabled(Exchange exchange) throws Exception {
        Trunk t = trunk(exchange);
        boolean enabled = JsonResponses.requiredBoolean(JsonResponses.readObject(exchange), "enabled");
        var done = registry().setEnabled(t.id(), enabled).orElseThrow(() -> ApiException.notFound("trunk '" + t.id() + "'"));
        // Answer once the carrier confirmed the de-registration (bounded), so the caller can rely on it.
        try {
            done.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            log.warn("trunk {}: de-registration still pending after 10 s", t.id());
        }
        Trunk now = registry().find(t.id()).orElseThrow();
        JsonResponses.ok(exchange, TrunkViews.trunk(now, registrations().status(now.id()).orElse(null)));
    }

    private void reload(Exchange exchange) {
        TrunkRegistry.ReloadResult r = registry().reload();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("applied", r.applied());
        body.put("trunks", r.trunks());
        body.put("problems", r.problems());
        JsonResponses.write(exchange, r.applied() ? 200 : 422, body);
    }
}
