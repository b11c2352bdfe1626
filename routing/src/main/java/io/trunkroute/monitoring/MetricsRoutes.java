package io.trunkroute.monitoring;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/** {@code GET /metrics}: the Prometheus text exposition of the node's registry. */
public final class MetricsRoutes extends RouteBuilder {

    private final PrometheusMeterRegistry registry;

    public MetricsRoutes(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void configure() {
        from("platform-http:/metrics?httpMethodRestrict=GET").routeId("metrics-scrape").process(e -> {
            e.getMessage().setBody(registry.scrape());
            e.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
        });
    }
}
