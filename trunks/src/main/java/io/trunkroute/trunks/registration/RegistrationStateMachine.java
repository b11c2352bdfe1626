package io.trunkroute.trunks.registration;

import io.trunkroute.trunks.model.Trunk;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one trunk registered (RFC 3261 section 10.2): REGISTER, refresh at a random point between
 * {@code refreshMinFraction} and {@code refreshMaxFraction} of the lifetime the carrier granted,
 * 423 answered with the carrier's Min-Expires (section 10.2.8), any other failure retried after an
 * exponential backoff with jitter, and a de-REGISTER (Expires: 0) when stopped. Digest challenges
 * are answered below this class, by the SIP client; a challenge that reaches it means the
 * credentials were refused.
 *
 * <p>Not thread-safe by design: every method runs on the {@link TaskScheduler}'s thread.
 */
final class RegistrationStateMachine {

    private static final Logger LOG = LoggerFactory.getLogger(RegistrationStateMachine.class);
    /** Digest retries raise the CSeq below us; after an unanswered attempt skip past them. */
    private static final int CSEQ_SKIP_AFTER_SILENCE = 4;
    private static final int MAX_CONSECUTIVE_423 = 2;

    private final Registrar registrar;
    private final TaskScheduler scheduler;
    private final Clock clock;
    private final RegistrationSettings settings;
    private final DoubleSupplier random;
    private final BiConsumer<RegistrationStatus, RegistrationStatus> listener;
    private final String callId;
    private final String contactUri;

    private Trunk trunk;
    private long nextCSeq = 1;
    private int requestedExpires;
    private int consecutive423;
    private RegistrationStatus status;
    private TaskScheduler.Cancellable timer;
    private boolean inFlight;
    private boolean bindingMayExist;
    private CompletableFuture<Void> stopping;
    private RegistrationState stopState;
    /** Bindings of another node to remove with our first REGISTER (cluster takeover); then none. */
    private List<String> takeover = List.of();

    RegistrationStateMachine(Trunk trunk, String callId, String contactUri, Registrar registrar,
                             TaskScheduler scheduler, Clock clock, RegistrationSettings settings, DoubleSupplier random,
                             BiConsumer<RegistrationStatus, RegistrationStatus> listener) {
        this.trunk = trunk;
        this.callId = callId;
        this.contactUri = contactUri;
        this.registrar = registrar;
        this.scheduler = scheduler;
        this.clock = clock;
        this.settings = settings;
        this.random = random;
        this.listener = listener;
        this.requestedExpires = trunk.expires();
        this.status = RegistrationStatus.initial(trunk.id(), trunk.tenant(), describeServer(trunk),
                RegistrationState.PENDING);
    }

    static String describeServer(Trunk t) {
        return t.server() + ":" + t.port() + "/" + t.transport().token();
    }

    Trunk trunk() {
        return trunk;
    }

    RegistrationStatus status() {
        return status;
    }

    /** Swaps in a trunk whose registration did not change (tags, limits...). */
    void updateTrunk(Trunk changed) {
        this.trunk = changed;
    }

    /** Contacts another node registered for this trunk: removed (expires=0) by the first REGISTER. */
    void removeOnFirstRegister(List<String> contacts) {
        this.takeover = contacts.stream().filter(c -> !c.equals(contactUri)).toList();
    }

    /** Schedules the first REGISTER after {@code delay} (the start-up spread). */
    void start(Duration delay) {
        update(new RegistrationStatus(status.trunkId(), status.tenant(), status.server(), RegistrationState.PENDING,
                null, null, null, null, null, 0, clock.instant().plus(delay), requestedExpires, null));
        timer = scheduler.schedule(this::sendRegister, delay);
    }

    /**
     * Stops for good: cancels timers and, if a binding may exist at the carrier, removes it with
     * Expires: 0. Completes when nothing of this trunk is left in flight.
     *
     * @param finalState DISABLED for a disabled trunk, UNREGISTERED for shutdown or delete
     */
    CompletionStage<Void> stop(RegistrationState finalState) {
        if (stopping != null) {
            return stopping;
        }
        stopping = new CompletableFuture<>();
        stopState = finalState;
        cancelTimer();
        if (!inFlight) {
            deregisterIfBound(false);
        } // else: onOutcome finishes the stop once the REGISTER in flight is answered
        return stopping;
    }

    private void sendRegister() {
        timer = null;
        if (stopping != null) {
            return;
        }
        RegistrationState during = status.state() == RegistrationState.REGISTERED
                ? RegistrationState.REGISTERED : RegistrationState.REGISTERING;
        update(status.attempted(during, clock.instant(), requestedExpires));
        send(new RegisterAttempt(trunk, callId, nextCSeq, requestedExpires, contactUri, takeover), this::onOutcome);
    }

    private void send(RegisterAttempt attempt, Consumer<RegisterOutcome> handler) {
        inFlight = true;
        CompletionStage<RegisterOutcome> pending;
        try {
            pending = registrar.send(attempt);
        } catch (RuntimeException e) {
            pending = CompletableFuture.completedFuture(new RegisterOutcome.Unanswered(false, e.getMessage()));
        }
        pending.whenComplete((outcome, error) -> scheduler.execute(() -> {
            inFlight = false;
            RegisterOutcome o = outcome != null ? outcome
                    : new RegisterOutcome.Unanswered(false, error == null ? "no outcome" : String.valueOf(error.getMessage()));
            nextCSeq = o instanceof RegisterOutcome.Answered a ? a.lastCSeq() + 1 : nextCSeq + CSEQ_SKIP_AFTER_SILENCE;
            handler.accept(o);
        }));
    }

    private void onOutcome(RegisterOutcome outcome) {
        if (stopping != null) {
            boolean nowBound = outcome instanceof RegisterOutcome.Answered a && a.code() / 100 == 2;
            deregisterIfBound(nowBound);
            return;
        }
        if (outcome instanceof RegisterOutcome.Answered a) {
            if (a.code() / 100 == 2) {
                onRegistered(a);
            } else if (a.code() == 423) {
                onIntervalTooBrief(a);
            } else {
                onFailure(a.code(), a.reason(), a.retryAfter());
            }
        } else if (outcome instanceof RegisterOutcome.Unanswered u) {
            onFailure(null, u.timeout() ? "no response from the carrier (timeout)" : "not sent: " + u.detail(), null);
        }
    }

    private void onRegistered(RegisterOutcome.Answered a) {
        int granted = a.grantedExpires() != null ? a.grantedExpires() : requestedExpires;
        if (granted <= 0) {
            onFailure(a.code(), "carrier accepted but granted no lifetime to our contact", null);
            return;
        }
        bindingMayExist = true;
        consecutive423 = 0;
        takeover = List.of();
        Instant now = clock.instant();
        Instant session = status.state() == RegistrationState.REGISTERED && status.sessionStart() != null
                ? status.sessionStart() : now;
        double fraction = settings.refreshMinFraction()
                + (settings.refreshMaxFraction() - settings.refreshMinFraction()) * random.getAsDouble();
        Duration refreshIn = Duration.ofMillis((long) (granted * 1000L * fraction));
        update(status.registered(now.plusSeconds(granted), session, a.code(), a.reason(), granted, now.plus(refreshIn)));
        timer = scheduler.schedule(this::sendRegister, refreshIn);
    }

    private void onIntervalTooBrief(RegisterOutcome.Answered a) {
        consecutive423++;
        Integer min = a.minExpires();
        if (min != null && min > requestedExpires && consecutive423 <= MAX_CONSECUTIVE_423) {
            LOG.info("trunk {}: carrier wants at least {} s (asked {} s); asking again", trunk.id(), min,
                    requestedExpires);
            requestedExpires = min;
            update(status.answered(status.state() == RegistrationState.REGISTERED
                    ? RegistrationState.REGISTERED : RegistrationState.REGISTERING, a.code(), a.reason()));
            sendRegister();
        } else {
            onFailure(a.code(), a.reason() + (min == null ? " (no Min-Expires given)" : " (Min-Expires " + min + ")"),
                    null);
        }
    }

    private void onFailure(Integer code, String reason, Integer retryAfter) {
        consecutive423 = 0;
        int failures = status.consecutiveFailures() + 1;
        Duration delay = settings.backoff().delay(failures, random);
        if (retryAfter != null && retryAfter > 0) {
            Duration asked = Duration.ofSeconds(retryAfter);
            Duration cap = settings.backoff().max();
            delay = asked.compareTo(delay) > 0 ? (asked.compareTo(cap) > 0 ? cap : asked) : delay;
        }
        update(status.failed(code, reason, failures, clock.instant().plus(delay)));
        timer = scheduler.schedule(this::sendRegister, delay);
    }

    private void deregisterIfBound(boolean boundNow) {
        if (!(boundNow || bindingMayExist)) {
            finish(null, null);
            return;
        }
        update(status.attempted(RegistrationState.UNREGISTERING, clock.instant(), 0));
        send(new RegisterAttempt(trunk, callId, nextCSeq, 0, contactUri), outcome -> {
            if (outcome instanceof RegisterOutcome.Answered a) {
                finish(a.code(), a.reason());
            } else if (outcome instanceof RegisterOutcome.Unanswered u) {
                finish(null, u.timeout() ? "de-registration unanswered (timeout)" : "de-registration not sent: "
                        + u.detail());
            }
        });
    }

    private void finish(Integer code, String reason) {
        bindingMayExist = false;
        update(code == null && reason == null ? status.withState(stopState) : status.answered(stopState, code, reason));
        stopping.complete(null);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    private void update(RegistrationStatus next) {
        RegistrationStatus previous = status;
        status = next;
        if (previous.state() != next.state()) {
            logTransition(previous, next);
        } else if (next.state() == RegistrationState.REGISTERED && LOG.isDebugEnabled()) {
            LOG.debug("trunk {} ({}): refreshed, registered until {}", trunk.id(), trunk.tenant(), next.registeredUntil());
        }
        listener.accept(previous, next);
    }

    private void logTransition(RegistrationStatus from, RegistrationStatus to) {
        String response = to.lastResponseCode() == null
                ? (to.lastResponseReason() == null ? "" : " (" + to.lastResponseReason() + ")")
                : " (" + to.lastResponseCode() + " " + to.lastResponseReason() + ")";
        switch (to.state()) {
            case REGISTERED -> LOG.info("trunk {} ({}) at {}: {} -> REGISTERED until {}{}", trunk.id(), trunk.tenant(),
                    to.server(), from.state(), to.registeredUntil(), response);
            case FAILED -> LOG.warn("trunk {} ({}) at {}: {} -> FAILED{}, failure #{}, next attempt at {}", trunk.id(),
                    trunk.tenant(), to.server(), from.state(), response, to.consecutiveFailures(), to.nextAttempt());
            default -> LOG.info("trunk {} ({}) at {}: {} -> {}{}", trunk.id(), trunk.tenant(), to.server(),
                    from.state(), to.state(), response);
        }
    }
}
