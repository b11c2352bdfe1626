package io.trunkroute.monitoring;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.trunkroute.calls.CallListener;
import io.trunkroute.calls.CallRecord;
import io.trunkroute.calls.ChannelLedger;
import io.trunkroute.metrics.MeterNames;
import io.trunkroute.trunks.model.Trunk;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Call path meters for the NOC: channels in use against the limit per trunk, attempts by outcome
 * (ASR = answered / all), failovers by code, calls by result, post-dial delay and call duration
 * (ACD = sum / count), decision latency, refusals.
 */
public final class CallMetrics implements CallListener {

    private final MeterRegistry registry;
    private final ChannelLedger ledger;
    private final Supplier<List<Trunk>> trunks;
    private final Set<String> gauged = ConcurrentHashMap.newKeySet();
    private final Timer decision;

    public CallMetrics(MeterRegistry registry, ChannelLedger ledger, Supplier<List<Trunk>> trunks, IntSupplier active) {
        this.registry = registry;
        this.decision = Timer.builder(MeterNames.ROUTE_DECISION).description("normalise, rank and apply policy")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(1_000))
                .maximumExpectedValue(Duration.ofMillis(100)).register(registry);
        Gauge.builder(MeterNames.CALLS_ACTIVE, active, IntSupplier::getAsInt).description("calls in progress")
                .register(registry);
        this.ledger = ledger;
        this.trunks = trunks;
        refreshTrunkGauges();
    }

    /** Registers channel gauges for trunks not seen before (call after a trunk reload). */
    public void refreshTrunkGauges() {
        for (Trunk t : trunks.get()) {
            if (gauged.add(t.id())) {
                Tags tags = Tags.of(MeterNames.TAG_TRUNK, t.id(), MeterNames.TAG_TENANT, t.tenant());
                Gauge.builder(MeterNames.CHANNELS_IN_USE, ledger, l -> l.inUse(t.id()))
                        .description("voice channels held").tags(tags).register(registry);
                Gauge.builder(MeterNames.CHANNELS_LIMIT, trunks, s -> limitOf(s.get(), t.id()))
                        .description("voice channels the carrier sells (NaN = unlimited)").tags(tags).register(registry);
            }
        }
    }

    private static double limitOf(List<Trunk> trunks, String id) {
        return trunks.stream().filter(t -> t.id().equals(id)).findFirst()
                .map(t -> t.channels() == null ? Double.NaN : t.channels().doubleValue()).orElse(Double.NaN);
    }

    @Override
    public void onAttempt(String tenant, String trunkId, int code, boolean failedOver) {
        String outcome = code / 100 == 2 ? "answered" : failedOver ? "failover" : code == 0 ? "no_answer" : "rejected";
        Counter.builder(MeterNames.CALL_ATTEMPTS).description("INVITEs to trunks by outcome")
                .tags(MeterNames.TAG_TRUNK, trunkId, MeterNames.TAG_TENANT, tenant, MeterNames.TAG_OUTCOME, outcome)
                .register(registry).increment();
        if (failedOver) {
            Counter.builder(MeterNames.FAILOVERS).description("failovers away from a trunk")
                    .tags(MeterNames.TAG_FROM_TRUNK, trunkId, MeterNames.TAG_CODE, Integer.toString(code))
                    .register(registry).increment();
        }
    }

    @Override
    public void onCallEnded(CallRecord r) {
        String result = r.answer() != null ? "answered" : r.finalCode() == 487 ? "cancelled" : "failed";
        Counter.builder(MeterNames.CALLS).description("calls ended")
                .tags(MeterNames.TAG_TENANT, r.tenant(), MeterNames.TAG_DIRECTION, r.direction().name().toLowerCase(),
                        MeterNames.TAG_RESULT, result).register(registry).increment();
        String trunk = r.answered() != null ? r.answered().trunk().id()
                : r.attempts().isEmpty() ? "none" : r.attempts().get(r.attempts().size() - 1).trunkId();
        if (r.firstResponse() != null) {
            Timer.builder(MeterNames.PDD).description("post-dial delay").publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(10)).maximumExpectedValue(Duration.ofSeconds(30))
                    .tags(MeterNames.TAG_TRUNK, trunk).register(registry)
                    .record(Duration.between(r.start(), r.firstResponse()));
        }
        if (r.answer() != null) {
            DistributionSummary.builder(MeterNames.CALL_DURATION).description("answered call duration")
                    .baseUnit("seconds").tags(MeterNames.TAG_TRUNK, trunk).register(registry)
                    .record(Duration.between(r.answer(), r.end()).toMillis() / 1000.0);
        }
    }

    @Override
    public void onRefused(String reason, int code) {
        Counter.builder(MeterNames.CALLS_REFUSED).description("INVITEs refused before routing")
                .tags(MeterNames.TAG_REASON, reason, MeterNames.TAG_CODE, Integer.toString(code)).register(registry)
                .increment();
    }

    @Override
    public void onChannelRefused(String trunkId, io.trunkroute.calls.ChannelLedger.Refusal kind) {
        Counter.builder(MeterNames.CHANNEL_REFUSALS).description("channels refused by the ledger")
                .tags(MeterNames.TAG_TRUNK, trunkId, MeterNames.TAG_REASON, kind.name().toLowerCase())
                .register(registry).increment();
    }

    @Override
    public void onDecision(Duration took) {
        decision.record(took);
    }
}
