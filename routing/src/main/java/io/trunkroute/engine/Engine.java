package io.trunkroute.engine;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.trunkroute.api.CallApiRoutes;
import io.trunkroute.api.CdrApiRoutes;
import io.trunkroute.api.TrunkApiRoutes;
import io.trunkroute.calls.CallListeners;
import io.trunkroute.calls.CallRouter;
import io.trunkroute.calls.CallRoutes;
import io.trunkroute.calls.CallService;
import io.trunkroute.calls.CallSettings;
import io.trunkroute.calls.ChannelLedger;
import io.trunkroute.calls.InboundTrunkMatcher;
import io.trunkroute.calls.NumberNormalizer;
import io.trunkroute.calls.TenantDirectory;
import io.trunkroute.cdr.CdrDatabase;
import io.trunkroute.cluster.ClusterNode;
import io.trunkroute.cluster.ClusterSettings;
import io.trunkroute.cluster.HazelcastChannelLedger;
import io.trunkroute.cluster.TrunkOwnership;
import io.trunkroute.trunks.registration.RegistrationState;
import io.trunkroute.monitoring.CallMetrics;
import io.trunkroute.trunks.config.TenantConfigLoader;
import io.trunkroute.trunks.model.Tenant;
import io.trunkroute.api.RouteApiRoutes;
import io.trunkroute.calls.EngineCandidateStates;
import io.trunkroute.calls.LeastCostCallRouter;
import io.trunkroute.rules.config.RoutingRules;
import io.trunkroute.rules.config.RulesConfigException;
import io.trunkroute.rules.numbers.PhoneNumbers;
import io.trunkroute.rules.route.LeastCostRouter;
import io.trunkroute.metrics.Metrics;
import io.trunkroute.monitoring.MetricsRoutes;
import io.trunkroute.monitoring.RegistrationMetrics;
import io.trunkroute.sip.SipComponent;
import io.trunkroute.trunks.config.TrunkConfigException;
import io.trunkroute.trunks.config.TrunkConfigLoader;
import io.trunkroute.trunks.model.Trunk;
import io.trunkroute.trunks.registration.CamelRegistrar;
import io.trunkroute.trunks.registration.ContactUris;
import io.trunkroute.trunks.registration.RegistrationManager;
import io.trunkroute.trunks.registration.RegistrationSettings;
import io.trunkroute.trunks.registry.EnabledOverrides;
import io.trunkroute.trunks.registry.TrunkRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TrunkRoute node: Camel Main with the sip component, the trunk registry and registrations,
 * and the REST API. Configuration comes from {@code <config>/application.properties} and
 * {@code <config>/trunks.yaml}; runtime state (API overrides) lives under the data directory.
 */
public final class Engine implements AutoCloseable, TrunkApiRoutes.Services {

    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

    private final Path configDir;
    private final Path dataDir;
    private final Map<String, String> overrides;
    private final Main main = new Main();
    private final PrometheusMeterRegistry meters = Metrics.newPrometheusRegistry(nodeName());

    private List<Trunk> validatedTrunks;
    private List<Tenant> validatedTenants;
    private volatile RegistrationManager registrations;
    private volatile TrunkRegistry registry;
    private volatile TenantDirectory tenants;
    private volatile ChannelLedger ledger;
    private volatile CallService calls;
    private volatile CdrDatabase cdrs;
    private final RoutingRules routingRules;
    private final LeastCostRouter leastCost;
    private volatile ClusterNode cluster;
    private volatile TrunkOwnership ownership;
    private volatile HazelcastChannelLedger clusterLedger;
    private ScheduledExecutorService watcher;
    private final java.util.concurrent.CountDownLatch up = new java.util.concurrent.CountDownLatch(1);
    private volatile Exception startFailure;
    private Thread runner;

    /**
     * @param overrides properties that win over the config file (tests use them for ports)
     */
    public Engine(Path configDir, Path dataDir, Map<String, String> overrides) {
        this.configDir = configDir.toAbsolutePath().normalize();
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.overrides = Map.copyOf(overrides);
        this.routingRules = new RoutingRules(this.configDir);
        this.leastCost = new LeastCostRouter(routingRules::snapshot);
    }

    public Path trunksFile() {
        return configDir.resolve("trunks.yaml");
    }

    public Path tenantsFile() {
        return configDir.resolve("tenants.yaml");
    }

    /**
     * Reads and validates trunks.yaml, tenants.yaml, the rate decks and the routing rules (with their
     * test cases); the engine refuses to start when this throws.
     */
    public List<Trunk> validate() throws TrunkConfigException {
        List<String> problems = new java.util.ArrayList<>();
        try {
            validatedTrunks = new TrunkConfigLoader().load(trunksFile());
        } catch (TrunkConfigException e) {
            problems.addAll(e.problems());
        }
        try {
            validatedTenants = new TenantConfigLoader().load(tenantsFile());
        } catch (TrunkConfigException e) {
            problems.addAll(e.problems());
        }
        try {
            routingRules.load();
        } catch (RulesConfigException e) {
            problems.addAll(e.problems());
        }
        if (!problems.isEmpty()) {
            throw new TrunkConfigException(problems);
        }
        return validatedTrunks;
    }

    private void configureMain() {
        Properties initial = new Properties();
        initial.putAll(EngineProperties.DEFAULTS);
        main.setInitialProperties(initial);
        main.setPropertyPlaceholderLocations("file:" + configDir.resolve("application.properties") + ";optional=true");
        if (!overrides.isEmpty()) {
            Properties o = new Properties();
            o.putAll(overrides);
            main.setOverrideProperties(o);
        }
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeStart(BaseMainSupport support) {
                try {
                    // Added before start so the HTTP server publishes them in one go.
                    support.getCamelContext().addRoutes(new TrunkApiRoutes(Engine.this));
                    support.getCamelContext().addRoutes(new CallRoutes(() -> calls));
                    support.getCamelContext().addRoutes(new CallApiRoutes(() -> calls, () -> ledger, () -> registry));
                    support.getCamelContext().addRoutes(new CdrApiRoutes(() -> cdrs == null ? null : cdrs.store()));
                    support.getCamelContext().addRoutes(new RouteApiRoutes(leastCost, routingRules,
                            () -> tenants, () -> registry == null ? null : registry.trunks(),
                            EngineCandidateStates.current(() -> registrations, () -> ledger)));
                    support.getCamelContext().addRoutes(new MetricsRoutes(meters));
                } catch (Exception e) {
                    throw new IllegalStateException("cannot add API routes: " + e.getMessage(), e);
                }
            }

            @Override
            public void afterStart(BaseMainSupport support) {
                startNode(support.getCamelContext());
            }

            @Override
            public void beforeStop(BaseMainSupport support) {
                stopNode();
            }
        });
    }

    /**
     * Starts without blocking (tests, embedding): runs {@link #runUntilShutdown()} on its own thread,
     * the same path as production, and returns once the node is up. Call {@link #validate()} first.
     */
    public void start() throws Exception {
        requireValidated();
        configureMain();
        Thread runner = new Thread(() -> {
            try {
                main.run();
            } catch (Exception e) {
                startFailure = e;
            } finally {
                up.countDown();
            }
        }, "trunkroute-main");
        runner.start();
        this.runner = runner;
        if (!up.await(60, TimeUnit.SECONDS) || registry == null) {
            close();
            throw new IllegalStateException("engine did not come up", startFailure);
        }
    }

    /** Runs until the JVM is asked to stop (SIGTERM / Ctrl-C), de-registering trunks on the way out. */
    public void runUntilShutdown() throws Exception {
        requireValidated();
        configureMain();
        main.run();
    }

    private void requireValidated() {
        if (validatedTrunks == null) {
            throw new IllegalStateException("validate() the trunk configuration before starting");
        }
    }

    private void startNode(CamelContext context) {
        EngineProperties props = new EngineProperties(key -> context.getPropertiesComponent().resolveProperty(key));
        RegistrationSettings settings = props.registrationSettings();
        SipComponent sip = context.getComponent("sip", true, true) instanceof SipComponent s ? s : null;
        if (sip == null) {
            throw new IllegalStateException("the sip component is not the TrunkRoute one");
        }
        String host = sip.getNode().settings().advertisedAddress();
        int port = sip.getNode().settings().port();
        cluster = ClusterNode.start(props.clusterSettings(), host + ":" + port);
        boolean quorum = cluster.awaitQuorum(Duration.ofSeconds(10));
        LOG.info("cluster '{}': {} member(s); {}", props.get("trunkroute.cluster.name"),
                cluster.hazelcast().getCluster().getMembers().size(),
                quorum ? "quorum present" : "NO quorum yet: limited trunks refuse calls until enough members join");
        registrations = new RegistrationManager(new CamelRegistrar(context, settings.requestTimeout()), settings,
                t -> ContactUris.contactFor(t, host, port), host);
        registrations.addListener(new RegistrationMetrics(meters));
        RegistrationManager regs = registrations;
        ownership = new TrunkOwnership(cluster.hazelcast(), regs::reapply,
                () -> registry == null ? List.of() : registry.trunks(), Duration.ofSeconds(2));
        regs.setOwnership(ownership::owns, ownership::previousContacts);
        regs.addListener((before, now) -> {
            if (now.state() == RegistrationState.REGISTERED && before.state() != RegistrationState.REGISTERED) {
                registry().find(now.trunkId()).ifPresent(t ->
                        ownership.recordContact(t.id(), ContactUris.contactFor(t, host, port)));
            }
        });
        TrunkRegistry trunks = new TrunkRegistry(trunksFile(), new TrunkConfigLoader(),
                new EnabledOverrides(dataDir.resolve("trunk-overrides.properties")), registrations);
        trunks.install(validatedTrunks);
        registry = trunks;
        tenants = new TenantDirectory(validatedTenants);
        startCalls(context, sip, props, trunks);
        Duration watch = props.duration("trunkroute.trunks.watch-interval");
        if (!watch.isZero()) {
            watcher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "trunks-file-watch");
                t.setDaemon(true);
                return t;
            });
            watcher.scheduleWithFixedDelay(registry::reloadIfChanged, watch.toMillis(), watch.toMillis(),
                    TimeUnit.MILLISECONDS);
            watcher.scheduleWithFixedDelay(routingRules::reloadIfChanged, watch.toMillis(), watch.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        up.countDown();
        LOG.info("TrunkRoute node up: SIP {}:{}, {} trunk(s) from {}, API on {}:{}", host, port,
                validatedTrunks.size(), trunksFile(), props.get("camel.server.host"), props.get("camel.server.port"));
    }

    private void startCalls(CamelContext context, SipComponent sip, EngineProperties props, TrunkRegistry trunks) {
        cdrs = CdrDatabase.open(props.optional("trunkroute.db.url").orElse(CdrDatabase.defaultUrl(dataDir)),
                props.get("trunkroute.db.user"), props.optional("trunkroute.db.password").orElse(""),
                (int) props.decimal("trunkroute.cdr.queue-capacity"));
        cdrCounter("written", cdrs.writer(), io.trunkroute.cdr.CdrWriter::written);
        cdrCounter("dropped", cdrs.writer(), io.trunkroute.cdr.CdrWriter::dropped);
        sipQueueMeters(sip.getNode());
        HazelcastChannelLedger channels = new HazelcastChannelLedger(cluster.hazelcast(),
                props.duration("trunkroute.cluster.lease-ttl"));
        clusterLedger = channels;
        ledger = channels;
        CallSettings settings = new CallSettings(props.duration("trunkroute.calls.trying-timeout"),
                props.duration("trunkroute.calls.ring-timeout"), props.duration("trunkroute.calls.max-duration"),
                props.duration("trunkroute.calls.ack-timeout"));
        CallMetrics callMetrics = new CallMetrics(meters, channels, trunks::trunks,
                () -> calls == null ? 0 : calls.activeCalls());
        InboundTrunkMatcher carriers = new InboundTrunkMatcher();
        CallService service = new CallService(sip.getNode(), channels, callRouter(), numberNormalizer(),
                () -> tenants, trunks::trunks, carriers, settings,
                new CallListeners(List.of(cdrs.writer(), callMetrics)), java.time.Clock.systemUTC());
        service.refreshCarrierAddresses();
        trunks.addListener(t -> {
            service.refreshCarrierAddresses();
            callMetrics.refreshTrunkGauges();
        });
        calls = service;
    }

    /** The SIP node's overload signs: what waits for its workers, and the INVITEs dropped for waiting too long. */
    private void sipQueueMeters(io.trunkroute.sip.stack.SipNode node) {
        io.micrometer.core.instrument.FunctionCounter.builder(io.trunkroute.metrics.MeterNames.SIP_INVITES_SHED, node,
                        io.trunkroute.sip.stack.SipNode::invitesShed)
                .description("INVITEs and CANCELs received over UDP and dropped unparsed: they waited longer than"
                        + " camel.component.sip.invite-max-wait for a SIP worker (overload); their senders repeat them")
                .register(meters);
        io.micrometer.core.instrument.Gauge.builder(io.trunkroute.metrics.MeterNames.SIP_QUEUED_DATAGRAMS, node,
                        io.trunkroute.sip.stack.SipNode::queuedDatagrams)
                .description("datagrams received over UDP and waiting for a SIP worker").register(meters);
        io.micrometer.core.instrument.FunctionCounter.builder(io.trunkroute.metrics.MeterNames.SIP_UDP_SENDS_FAILED, node,
                        io.trunkroute.sip.stack.SipNode::udpSendsFailed)
                .description("UDP datagrams not sent: the send queue was full (100,000 waiting), the node was stopping, or the"
                        + " kernel refused one the sender thread sent")
                .register(meters);
    }

    /** CDRs written to the database / dropped (queue full or database down), read from the writer. */
    private void cdrCounter(String result, io.trunkroute.cdr.CdrWriter writer,
                            java.util.function.ToDoubleFunction<io.trunkroute.cdr.CdrWriter> count) {
        io.micrometer.core.instrument.FunctionCounter.builder(io.trunkroute.metrics.MeterNames.CDRS, writer, count)
                .description("CDRs written to the database / dropped (queue full or database down)")
                .tag(io.trunkroute.metrics.MeterNames.TAG_RESULT, result).register(meters);
    }

    private void stopNode() {
        if (watcher != null) {
            watcher.shutdownNow();
        }
        if (calls != null) {
            LOG.info("hanging up {} call(s) before shutdown", calls.activeCalls());
            calls.hangUpAll("node shutting down");
        }
        if (registrations != null) {
            LOG.info("de-registering trunks before shutdown");
            registrations.close();
        }
        if (ownership != null) {
            ownership.close();
        }
        if (clusterLedger != null) {
            clusterLedger.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        if (cdrs != null) {
            cdrs.close();
        }
    }

    public PrometheusMeterRegistry meters() {
        return meters;
    }

    private static String nodeName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "trunkroute";
        }
    }

    @Override
    public TrunkRegistry registry() {
        return registry;
    }

    @Override
    public RegistrationManager registrations() {
        return registrations;
    }

    public CamelContext camelContext() {
        return main.getCamelContext();
    }

    /** Stops the node (de-registering its trunks) and waits for it. */
    @Override
    public void close() {
        main.completed();
        if (runner != null) {
            try {
                runner.join(TimeUnit.SECONDS.toMillis(60));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The least-cost router over the rules module (rate decks + policy) and the node's live state. */
    private CallRouter callRouter() {
        return new LeastCostCallRouter(leastCost, () -> registry.trunks(),
                EngineCandidateStates.forCalls(() -> registrations, () -> ledger), java.time.Clock.systemUTC());
    }

    private NumberNormalizer numberNormalizer() {
        return (tenant, raw) -> java.util.Optional.ofNullable(PhoneNumbers.normalize(raw, tenant.region()).e164());
    }

    public RoutingRules routingRules() {
        return routingRules;
    }
}
