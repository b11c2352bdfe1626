package io.trunkroute.trunks.registration;

import io.trunkroute.trunks.model.Trunk;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every trunk that wants it registered: one {@link RegistrationStateMachine} per trunk, all
 * driven from one scheduler thread. {@link #apply} takes the whole trunk set (start-up, reload,
 * enable/disable) and reconciles: new trunks start (spread over time at
 * {@code startupRate} REGISTERs per second instead of a burst), changed accounts re-register,
 * disabled and deleted trunks de-register.
 */
public final class RegistrationManager implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RegistrationManager.class);

    private final Registrar registrar;
    private final RegistrationSettings settings;
    private final Function<Trunk, String> contactFactory;
    private final String callIdHost;
    private final Clock clock;
    private final DoubleSupplier random;
    private final TaskScheduler scheduler;
    private final ScheduledExecutorService ownedExecutor;

    /** Touched only on the scheduler thread. */
    private final Map<String, RegistrationStateMachine> machines = new HashMap<>();
    /** Written on the scheduler thread, read by the API from anywhere. */
    private final Map<String, RegistrationStatus> statuses = new ConcurrentHashMap<>();
    private final List<RegistrationListener> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean closed;
    /** Which trunks this node registers (in a cluster: those whose partition it owns). */
    private volatile java.util.function.Predicate<Trunk> owned = t -> true;
    /** Contacts other nodes registered for a trunk, removed when this node takes the trunk over. */
    private volatile Function<Trunk, List<String>> previousContacts = t -> List.of();
    private volatile List<Trunk> lastApplied = List.of();

    /**
     * @param contactFactory the Contact each trunk registers (see {@link ContactUris#contactFor})
     * @param callIdHost     host part of the Call-IDs, normally the node's advertised address
     */
    public RegistrationManager(Registrar registrar, RegistrationSettings settings,
                               Function<Trunk, String> contactFactory, String callIdHost) {
        this.registrar = registrar;
        this.settings = settings;
        this.contactFactory = contactFactory;
        this.callIdHost = callIdHost;
        this.clock = Clock.systemUTC();
        this.random = () -> ThreadLocalRandom.current().nextDouble();
        this.ownedExecutor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "trunk-registration");
            t.setDaemon(true);
            return t;
        });
        this.scheduler = TaskScheduler.of(ownedExecutor);
    }

    /** For tests: a virtual scheduler and clock. */
    RegistrationManager(Registrar registrar, RegistrationSettings settings, Function<Trunk, String> contactFactory,
                        TaskScheduler scheduler, Clock clock, DoubleSupplier random) {
        this.registrar = registrar;
        this.settings = settings;
        this.contactFactory = contactFactory;
        this.callIdHost = "test.invalid";
        this.clock = clock;
        this.random = random;
        this.scheduler = scheduler;
        this.ownedExecutor = null;
    }

    public void addListener(RegistrationListener listener) {
        listeners.add(listener);
    }

    /**
     * Clustered mode: only trunks matching {@code ownedByThisNode} are registered here (others show
     * {@link RegistrationState#OTHER_NODE}); a trunk taken over first removes the contacts
     * {@code previousContacts} names. Call {@link #reapply()} when ownership may have changed.
     */
    public void setOwnership(java.util.function.Predicate<Trunk> ownedByThisNode,
                             Function<Trunk, List<String>> previousContacts) {
        this.owned = ownedByThisNode;
        this.previousContacts = previousContacts;
    }

    /** Re-runs the last {@link #apply} (ownership changed: a member joined or left). */
    public CompletableFuture<Void> reapply() {
        return apply(lastApplied);
    }

    /** Current status of one trunk; empty for a trunk the manager was never given. */
    public Optional<RegistrationStatus> status(String trunkId) {
        return Optional.ofNullable(statuses.get(trunkId));
    }

    /** All statuses, ordered by trunk id. */
    public List<RegistrationStatus> statuses() {
        List<RegistrationStatus> all = new ArrayList<>(statuses.values());
        all.sort(Comparator.comparing(RegistrationStatus::trunkId));
        return all;
    }

    /**
     * Reconciles registrations with {@code trunks}, the complete current set. Completes when every
     * de-registration this caused is answered (or timed out).
     */
    public CompletableFuture<Void> apply(Collection<Trunk> trunks) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("registration manager is closed"));
        }
        lastApplied = List.copyOf(trunks);
        CompletableFuture<CompletableFuture<Void>> scheduled = new CompletableFuture<>();
        scheduler.execute(() -> {
            try {
                scheduled.complete(reconcile(List.copyOf(trunks)));
            } catch (RuntimeException e) {
                scheduled.completeExceptionally(e);
            }
        });
        return scheduled.thenCompose(f -> f);
    }

    private CompletableFuture<Void> reconcile(List<Trunk> trunks) {
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        List<Trunk> toStart = new ArrayList<>();
        Set<String> present = new HashSet<>();
        for (Trunk t : trunks) {
            present.add(t.id());
            RegistrationStateMachine existing = machines.get(t.id());
            boolean here = t.wantsRegistration() && owned.test(t);
            if (here) {
                if (existing == null) {
                    toStart.add(t);
                } else if (existing.trunk().registrationDiffers(t)) {
                    LOG.info("trunk {}: registration settings changed; re-registering", t.id());
                    machines.remove(t.id());
                    stops.add(existing.stop(RegistrationState.UNREGISTERED).toCompletableFuture()
                            .thenRun(() -> scheduler.execute(() -> startMachine(t, Duration.ZERO))));
                } else {
                    existing.updateTrunk(t);
                }
            } else {
                RegistrationState idle = !t.enabled() ? RegistrationState.DISABLED
                        : t.wantsRegistration() ? RegistrationState.OTHER_NODE : RegistrationState.NOT_REQUIRED;
                if (existing != null) {
                    machines.remove(t.id());
                    stops.add(existing.stop(idle).toCompletableFuture());
                } else {
                    RegistrationStatus previous = statuses.get(t.id());
                    RegistrationStatus idleStatus = previous == null
                            ? RegistrationStatus.initial(t.id(), t.tenant(), RegistrationStateMachine.describeServer(t), idle)
                            : previous.withState(idle);
                    publish(previous, idleStatus);
                }
            }
        }
        for (String id : new ArrayList<>(machines.keySet())) {
            if (!present.contains(id)) {
                RegistrationStateMachine gone = machines.remove(id);
                LOG.info("trunk {} deleted; de-registering", id);
                stops.add(gone.stop(RegistrationState.UNREGISTERED).toCompletableFuture()
                        .thenRun(() -> statuses.remove(id)));
            }
        }
        statuses.keySet().removeIf(id -> !present.contains(id) && !machines.containsKey(id)
                && statuses.get(id).state() != RegistrationState.UNREGISTERING);
        spreadStarts(toStart);
        return CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new));
    }

    /** Start-up spread: the i-th new trunk starts at i / rate seconds, plus jitter within its slot. */
    private void spreadStarts(List<Trunk> toStart) {
        List<Trunk> order = new ArrayList<>(toStart);
        Collections.shuffle(order, new java.util.Random((long) (random.getAsDouble() * Long.MAX_VALUE)));
        double slotMillis = 1000.0 / settings.startupRate();
        for (int i = 0; i < order.size(); i++) {
            long delay = (long) (slotMillis * (i + random.getAsDouble()));
            startMachine(order.get(i), Duration.ofMillis(delay));
        }
    }

    private void startMachine(Trunk trunk, Duration delay) {
        if (closed || machines.containsKey(trunk.id())) {
            return;
        }
        String callId = UUID.randomUUID() + "@" + callIdHost;
        RegistrationStateMachine m = new RegistrationStateMachine(trunk, callId, contactFactory.apply(trunk), registrar,
                scheduler, clock, settings, random, this::publish);
        try {
            m.removeOnFirstRegister(previousContacts.apply(trunk));
        } catch (RuntimeException e) {
            LOG.warn("trunk {}: previous contacts unknown ({}); registering without removing them", trunk.id(),
                    e.getMessage());
        }
        machines.put(trunk.id(), m);
        m.start(delay);
    }

    private void publish(RegistrationStatus previous, RegistrationStatus current) {
        statuses.put(current.trunkId(), current);
        for (RegistrationListener l : listeners) {
            try {
                l.onStatus(previous, current);
            } catch (RuntimeException e) {
                LOG.warn("registration listener failed: {}", e.getMessage());
            }
        }
    }

    /**
     * De-registers every trunk (Expires: 0) and stops, waiting at most the configured shutdown
     * timeout: a carrier that does not answer must not hold up the node's shutdown.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        CompletableFuture<Void> all = new CompletableFuture<>();
        scheduler.execute(() -> {
            closed = true;
            List<CompletableFuture<Void>> stops = new ArrayList<>();
            for (RegistrationStateMachine m : machines.values()) {
                stops.add(m.stop(RegistrationState.UNREGISTERED).toCompletableFuture());
            }
            machines.clear();
            CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> all.complete(null));
        });
        try {
            all.get(settings.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("not every trunk confirmed its de-registration within {} ms", settings.shutdownTimeout().toMillis());
        } finally {
            closed = true;
            if (ownedExecutor != null) {
                ownedExecutor.shutdownNow();
            }
        }
    }
}
