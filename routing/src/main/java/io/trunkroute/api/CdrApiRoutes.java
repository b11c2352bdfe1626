package io.trunkroute.api;

import io.trunkroute.cdr.Cdr;
import io.trunkroute.cdr.CdrStore;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestBindingMode;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * {@code /api/v1/cdrs}: call detail records as JSON, and a CSV export for the tenant's accountant.
 *
 * <pre>
 * GET /api/v1/cdrs?tenant=acme&amp;from=2026-11-01T00:00:00Z&amp;to=...&amp;limit=100
 * GET /api/v1/cdrs/export?tenant=acme&amp;from=...&amp;to=...        (text/csv)
 * </pre>
 * {@code from} defaults to 24 hours ago, {@code to} to now, {@code limit} to 100 (max 10000; the CSV
 * export to 1,000,000).
 */
public final class CdrApiRoutes extends RouteBuilder {

    static final String[] CSV_HEADER = {"started_at", "answered_at", "ended_at", "tenant", "direction", "caller",
        "callee", "trunk", "matched_prefix", "duration_s", "billed_s", "currency", "rate_per_min", "connect_fee", "cost",
        "next_trunk", "next_cost", "saving", "final_code", "trunks_tried"};

    private final Supplier<CdrStore> store;

    public CdrApiRoutes(Supplier<CdrStore> store) {
        this.store = store;
    }

    @Override
    public void configure() {
        onException(ApiException.class).handled(true)
                .process(e -> JsonResponses.error(e, e.getProperty(Exchange.EXCEPTION_CAUGHT, ApiException.class)));
        restConfiguration().component("platform-http").bindingMode(RestBindingMode.off);
        rest("/api/v1/cdrs")
                .get().produces("application/json").to("direct:api-cdrs")
                .get("/export").produces("text/csv").to("direct:api-cdrs-export");
        from("direct:api-cdrs").routeId("api-cdrs").process(this::list);
        from("direct:api-cdrs-export").routeId("api-cdrs-export").process(this::export);
    }

    private record Query(String tenant, Instant from, Instant to, int limit) {
    }

    private static Query query(Exchange e, int defaultLimit, int maxLimit) {
        String tenant = e.getIn().getHeader("tenant", String.class);
        Instant to = instant(e, "to", Instant.now());
        Instant from = instant(e, "from", to.minus(24, ChronoUnit.HOURS));
        if (!from.isBefore(to)) {
            throw ApiException.badField("from", "'from' must be before 'to'");
        }
        String limitText = e.getIn().getHeader("limit", String.class);
        int limit = defaultLimit;
        if (limitText != null) {
            try {
                limit = Integer.parseInt(limitText);
            } catch (NumberFormatException ex) {
                throw ApiException.badField("limit", "'limit' must be a whole number");
            }
            if (limit < 1 || limit > maxLimit) {
                throw ApiException.badField("limit", "'limit' must be 1.." + maxLimit);
            }
        }
        return new Query(tenant == null || tenant.isBlank() ? null : tenant, from, to, limit);
    }

    private static Instant instant(Exchange e, String name, Instant fallback) {
        String v = e.getIn().getHeader(name, String.class);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException ex) {
            throw ApiException.badField(name, "'" + name + "' must be an ISO instant like 2026-11-24T00:00:00Z");
        }
    }

    private CdrStore store() {
        CdrStore s = store.get();
        if (s == null) {
            throw new ApiException(503, "node is starting", null);
        }
        return s;
    }

    private void list(Exchange e) throws Exception {
        Query q = query(e, 100, 10_000);
        List<Map<String, Object>> rows = store().find(q.tenant(), q.from(), q.to(), q.limit()).stream()
                .map(CdrApiRoutes::view).toList();
        JsonResponses.ok(e, Map.of("cdrs", rows));
    }

    private void export(Exchange e) throws Exception {
        Query q = query(e, 1_000_000, 1_000_000);
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(CSV_HEADER).get())) {
            for (Cdr c : store().find(q.tenant(), q.from(), q.to(), q.limit())) {
                csv.printRecord(c.startedAt(), c.answeredAt(), c.endedAt(), c.tenant(), c.direction(), c.caller(),
                        c.callee(), c.answeredTrunk(), c.matchedPrefix(), seconds(c.durationMillis()), c.billedSeconds(),
                        c.currency(), plain(c.rate()), plain(c.connectFee()), plain(c.cost()), c.nextTrunk(),
                        plain(c.nextCost()), plain(c.saving()), c.finalCode(), c.trunksTried());
            }
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
        e.getMessage().setBody(out.toString());
        e.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/csv; charset=utf-8");
        e.getMessage().setHeader("Content-Disposition", "attachment; filename=\"cdrs-"
                + (q.tenant() == null ? "all" : q.tenant()) + ".csv\"");
    }

    private static String seconds(long millis) {
        return BigDecimal.valueOf(millis, 3).toPlainString();
    }

    private static String plain(BigDecimal v) {
        return v == null ? "" : v.toPlainString();
    }

    static Map<String, Object> view(Cdr c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("call_id", c.callId());
        m.put("direction", c.direction());
        m.put("tenant", c.tenant());
        m.put("caller", c.caller());
        m.put("callee", c.callee());
        m.put("trunks_tried", c.trunksTried());
        m.put("trunks_skipped", c.trunksSkipped());
        m.put("answered_trunk", c.answeredTrunk());
        m.put("matched_prefix", c.matchedPrefix());
        m.put("currency", c.currency());
        m.put("rate", plain(c.rate()));
        m.put("connect_fee", plain(c.connectFee()));
        m.put("increment_first", c.incrementFirst());
        m.put("increment_next", c.incrementNext());
        m.put("started_at", String.valueOf(c.startedAt()));
        m.put("answered_at", c.answeredAt() == null ? null : c.answeredAt().toString());
        m.put("ended_at", String.valueOf(c.endedAt()));
        m.put("pdd_ms", c.pddMillis());
        m.put("duration_ms", c.durationMillis());
        m.put("billed_seconds", c.billedSeconds());
        m.put("cost", plain(c.cost()));
        m.put("next_trunk", c.nextTrunk());
        m.put("next_cost", plain(c.nextCost()));
        m.put("saving", plain(c.saving()));
        m.put("final_code", c.finalCode());
        m.put("end_reason", c.endReason());
        return m;
    }
}
