package io.trunkroute.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.trunkroute.calls.ChannelLease;
import io.trunkroute.calls.ChannelLedger;
import io.trunkroute.testpeers.FreePorts;
import io.trunkroute.trunks.model.Cidr;
import io.trunkroute.trunks.model.InviteFormat;
import io.trunkroute.trunks.model.Trunk;
import io.trunkroute.trunks.model.TrunkAuth;
import io.trunkroute.trunks.model.TrunkTransport;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The cluster-wide ledger on real Hazelcast members (in this JVM, loopback TCP-IP join). */
class HazelcastChannelLedgerIT {

    private final String cluster = "ledger-it-" + UUID.randomUUID();
    private final List<ClusterNode> nodes = new ArrayList<>();
    private final List<HazelcastChannelLedger> ledgers = new ArrayList<>();

    @AfterEach
    void shutdown() {
        ledgers.forEach(HazelcastChannelLedger::close);
        nodes.forEach(n -> {
            try {
                n.close();
            } catch (RuntimeException ignored) {
                // killed in the test already
            }
        });
    }

    private List<HazelcastChannelLedger> cluster(int size, int minMembers, Duration ttl) {
        return cluster(size, minMembers, ttl, HazelcastChannelLedger.RELEASE_FLUSH);
    }

    private List<HazelcastChannelLedger> cluster(int size, int minMembers, Duration ttl, Duration releaseFlush) {
        List<String> members = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            int port = FreePorts.udpAndTcp();
            ports.add(port);
            members.add("127.0.0.1:" + port);
        }
        for (int port : ports) {
            ClusterSettings s = new ClusterSettings(cluster, "127.0.0.1", port, members, minMembers, ttl,
                    Duration.ofSeconds(3), null);
            nodes.add(ClusterNode.start(s, "127.0.0.1:" + port));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> nodes.stream()
                .allMatch(n -> n.hazelcast().getCluster().getMembers().size() == size));
        for (ClusterNode n : nodes) {
            assertThat(n.awaitQuorum(Duration.ofSeconds(10))).isEqualTo(size >= minMembers);
            ledgers.add(new HazelcastChannelLedger(n.hazelcast(), ttl, releaseFlush));
        }
        return ledgers;
    }

    /** Runs {@code body(ledger, worker)} on nine threads, three per member of a 3-member cluster, and waits for all. */
    private static void onNineWorkers(List<HazelcastChannelLedger> members, BiConsumer<ChannelLedger, Integer> body)
            throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(9);
        CountDownLatch done = new CountDownLatch(9);
        for (int w = 0; w < 9; w++) {
            ChannelLedger ledger = members.get(w % 3);
            int worker = w;
            pool.execute(() -> {
                body.accept(ledger, worker);
                done.countDown();
            });
        }
        assertThat(done.await(120, TimeUnit.SECONDS)).isTrue();
        pool.shutdown();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Trunk trunk(Integer channels) {
        return new Trunk("limited", "acme", "limited", "10.0.0.1", 5060, TrunkTransport.UDP, null,
                new TrunkAuth.Ip(List.of(Cidr.parse("10.0.0.1"))), false, 360, channels, null, null, List.of(),
                InviteFormat.E164, List.of(), 10, true);
    }

    @Test
    void threeMembersNeverAdmitMoreThanTheLimitTogether() throws Exception {
        List<HazelcastChannelLedger> l = cluster(3, 2, Duration.ofSeconds(30));
        Trunk t = trunk(7);
        AtomicInteger granted = new AtomicInteger();
        AtomicInteger maxSeen = new AtomicInteger();
        onNineWorkers(l, (ledger, worker) -> {
            for (int i = 0; i < 150; i++) {
                ChannelLedger.Acquisition a = ledger.tryAcquire(t, "c-" + worker + "-" + i);
                if (a.isGranted()) {
                    granted.incrementAndGet();
                    maxSeen.accumulateAndGet(ledger.inUse("limited"), Math::max);
                    a.lease().release();
                }
            }
        });

        assertThat(granted.get()).isPositive();
        assertThat(maxSeen.get()).isBetween(1, 7);
        // Each member reads its own releases at once and the others' within their flush interval.
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(10))
                .until(() -> l.stream().allMatch(ledger -> ledger.inUse("limited") == 0));
    }

    @Test
    void releasingStartsNoThreadPerCall() {
        List<HazelcastChannelLedger> l = cluster(1, 1, Duration.ofSeconds(30));
        Trunk t = trunk(1000);
        List<ChannelLease> leases = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            leases.add(l.get(0).tryAcquire(t, "call-" + i).lease());
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long before = threads.getTotalStartedThreadCount();
        leases.forEach(ChannelLease::release);
        assertThat(l.get(0).inUseForRouting("limited")).isZero();
        // Hazelcast's asynchronous map operations (submitToKey) started two threads per call on
        // this 2-CPU host: their default callback executor is a new thread per task wherever the
        // common fork-join pool has fewer than two threads.
        assertThat(threads.getTotalStartedThreadCount() - before).isLessThan(30);
    }

    @Test
    void routingCountsFollowThisNodesLeasesAtOnceAndOtherNodesWithinTheirAge() {
        List<HazelcastChannelLedger> l = cluster(2, 1, Duration.ofSeconds(30));
        Trunk t = trunk(100);
        assertThat(l.get(0).inUseForRouting("limited")).isZero();
        // Each acquisition answers with the trunk's count: no read, and no stale count, in between.
        List<ChannelLease> mine = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            mine.add(l.get(0).tryAcquire(t, "mine-" + i).lease());
            assertThat(l.get(0).inUseForRouting("limited")).isEqualTo(i);
        }
        // The other member saw none of them: it reads the count, then keeps it up to its age.
        assertThat(l.get(1).inUseForRouting("limited")).isEqualTo(40);
        assertThat(l.get(1).tryAcquire(t, "theirs").isGranted()).isTrue();
        assertThat(l.get(1).inUseForRouting("limited")).isEqualTo(41);
        await().atMost(Duration.ofSeconds(5)).until(() -> l.get(0).inUseForRouting("limited") == 41);
        // A release answers with the count too.
        mine.forEach(ChannelLease::release);
        assertThat(l.get(0).inUseForRouting("limited")).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> l.get(1).inUseForRouting("limited") == 1);
        assertThat(l.get(1).inUse("limited")).isEqualTo(1);
    }

    @Test
    void releasesWaitForTheFlushButThisNodeCountsThemFreeAtOnce() {
        List<HazelcastChannelLedger> l = cluster(2, 1, Duration.ofSeconds(30), Duration.ofHours(1));
        Trunk t = trunk(2);
        ChannelLease a = l.get(0).tryAcquire(t, "a").lease();
        ChannelLease b = l.get(0).tryAcquire(t, "b").lease();
        a.release();
        // Not sent yet: the other member still finds both channels taken.
        assertThat(l.get(1).tryAcquire(t, "elsewhere").isGranted()).isFalse();
        // This member routes as if it were free, and its acquisition at the limit sends it first.
        assertThat(l.get(0).inUseForRouting("limited")).isEqualTo(1);
        assertThat(l.get(0).tryAcquire(t, "c").isGranted()).isTrue();
        assertThat(l.get(1).tryAcquire(t, "elsewhere").isGranted()).isFalse();
        // A read sends the releases waiting on its node first.
        b.release();
        assertThat(l.get(0).inUse("limited")).isEqualTo(1);
        assertThat(l.get(1).inUse("limited")).isEqualTo(1);
        assertThat(l.get(1).tryAcquire(t, "elsewhere").isGranted()).isTrue();
    }

    @Test
    void releasesReachTheOtherMembersWithinTheFlushInterval() {
        List<HazelcastChannelLedger> l = cluster(2, 1, Duration.ofSeconds(30));
        Trunk t = trunk(3);
        List<ChannelLease> leases = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            leases.add(l.get(0).tryAcquire(t, "call-" + i).lease());
        }
        assertThat(l.get(1).tryAcquire(t, "elsewhere").isGranted()).isFalse();
        leases.forEach(ChannelLease::release);
        // Nothing on the other member reads or flushes: the timer sends them.
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(10))
                .until(() -> l.get(1).tryAcquire(t, "elsewhere").isGranted());
    }

    @Test
    void aDeadMembersChannelsAreReleasedBySurvivors() {
        List<HazelcastChannelLedger> l = cluster(3, 2, Duration.ofSeconds(60));
        Trunk t = trunk(10);
        for (int i = 0; i < 4; i++) {
            assertThat(l.get(2).tryAcquire(t, "doomed-" + i).isGranted()).isTrue();
        }
        assertThat(l.get(0).tryAcquire(t, "alive").isGranted()).isTrue();
        assertThat(l.get(0).inUse("limited")).isEqualTo(5);

        nodes.get(2).hazelcast().getLifecycleService().terminate(); // a crash: no graceful leave

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(l.get(0).inUse("limited")).isEqualTo(1));
        assertThat(l.get(1).inUse("limited")).isEqualTo(1);
    }

    @Test
    void leasesNobodyRenewsExpire() {
        List<HazelcastChannelLedger> l = cluster(1, 1, Duration.ofSeconds(2));
        Trunk t = trunk(1);
        ChannelLedger.Acquisition a = l.get(0).tryAcquire(t, "renewed");
        assertThat(a.isGranted()).isTrue();

        // The holder keeps renewing: the channel stays taken past several TTLs.
        sleep(Duration.ofSeconds(5));
        assertThat(l.get(0).tryAcquire(t, "second").isGranted()).isFalse();

        // A lease written by a member that never renews (as a crashed member that was never noticed).
        a.lease().release();
        assertThat(l.get(0).inUse("limited")).isZero(); // and the release sent (a read sends it first)
        LeaseProcessors.Acquired orphan = nodes.get(0).hazelcast().<String, ChannelLeases>getMap(ClusterNode.CHANNELS_MAP)
                .executeOnKey("limited", new LeaseProcessors.Acquire("orphan", "ghost-member", 1, -1, 2000,
                        nodes.get(0).hazelcast().getCluster().getClusterTime()));
        assertThat(orphan.refusal()).isNull();
        assertThat(l.get(0).tryAcquire(t, "third").isGranted()).isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> l.get(0).inUse("limited") == 0);
        assertThat(l.get(0).tryAcquire(t, "third").isGranted()).isTrue();
    }

    @Test
    void aMinorityRefusesLimitedTrunksButNotUnlimitedOnes() {
        List<HazelcastChannelLedger> l = cluster(1, 2, Duration.ofSeconds(30));

        ChannelLedger.Acquisition limited = l.get(0).tryAcquire(trunk(5), "x");
        ChannelLedger.Acquisition large = l.get(0).tryAcquire(trunk(1000), "z");
        ChannelLedger.Acquisition unlimited = l.get(0).tryAcquire(trunk(null), "y");

        assertThat(limited.isGranted()).isFalse();
        assertThat(limited.refusal()).contains("minority");
        assertThat(large.isGranted()).isFalse();
        assertThat(large.refusal()).contains("minority");
        assertThat(unlimited.isGranted()).isTrue();
        assertThat(l.get(0).refusedInMinority()).isEqualTo(2);
    }

    private ChannelLeases stored(int node) {
        return nodes.get(node).hazelcast().<String, ChannelLeases>getMap(ClusterNode.CHANNELS_MAP).get("limited");
    }

    @Test
    void aLargeTrunksCallsTakeChannelsFromTheNodesBlockNotOneClusterOperationEach() {
        List<HazelcastChannelLedger> l = cluster(1, 1, Duration.ofSeconds(30), Duration.ofHours(1));
        Trunk t = trunk(1000);
        assertThat(HazelcastChannelLedger.blockStep(1000)).isEqualTo(15);
        List<ChannelLease> leases = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            ChannelLedger.Acquisition a = l.get(0).tryAcquire(t, "call-" + i);
            assertThat(a.isGranted()).isTrue();
            leases.add(a.lease());
        }
        // Seven growths of 15 channels, no lease per call: the entry changed seven times, not 100.
        ChannelLeases state = stored(0);
        assertThat(state.leases()).isEmpty();
        assertThat(state.blocksByMember()).hasSize(1);
        assertThat(state.blocksByMember().values().iterator().next().reserved()).isEqualTo(105);
        assertThat(state.version()).isEqualTo(7);
        // A read reports the block's use first.
        assertThat(l.get(0).inUse("limited")).isEqualTo(100);
        leases.forEach(ChannelLease::release);
        leases.get(0).release(); // twice: counted once
        assertThat(l.get(0).inUseForRouting("limited")).isZero();
        assertThat(l.get(0).inUse("limited")).isZero();
        // Nothing started or ended since that report: the block gives all its channels back.
        l.get(0).close();
        assertThat(stored(0)).isNull();
    }

    @Test
    void blocksNeverAdmitMoreThanTheLimitTogether() throws Exception {
        List<HazelcastChannelLedger> l = cluster(3, 2, Duration.ofSeconds(30));
        Trunk t = trunk(200);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        onNineWorkers(l, (ledger, worker) -> {
            List<ChannelLease> mine = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                ChannelLedger.Acquisition a = ledger.tryAcquire(t, "c-" + worker + "-" + i);
                if (a.isGranted()) {
                    maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    mine.add(a.lease());
                }
                // Each worker holds up to 40 calls: 360 wanted against 200 channels.
                // Counted down before the release: a channel released and taken again at once
                // must not count twice, so the count never exceeds what the ledger granted.
                if (mine.size() >= 40 || (!a.isGranted() && !mine.isEmpty())) {
                    inFlight.decrementAndGet();
                    mine.remove(0).release();
                }
            }
            mine.forEach(lease -> {
                inFlight.decrementAndGet();
                lease.release();
            });
        });

        assertThat(maxInFlight.get()).isBetween(1, 200);
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(10))
                .until(() -> l.stream().allMatch(ledger -> ledger.inUse("limited") == 0));
        // And no channel stays stranded in another member's block: one member gets all 200.
        List<ChannelLease> all = new ArrayList<>();
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(10)).until(() -> {
            ChannelLedger.Acquisition a;
            while (all.size() < 200 && (a = l.get(0).tryAcquire(t, "all-" + all.size())).isGranted()) {
                all.add(a.lease());
            }
            return all.size() == 200;
        });
        assertThat(l.get(1).tryAcquire(t, "one-too-many").isGranted()).isFalse();
    }

    @Test
    void nearTheLimitABlocksUnusedChannelsGoBackToTheOtherMembers() {
        List<HazelcastChannelLedger> l = cluster(2, 1, Duration.ofSeconds(30));
        Trunk t = trunk(200);
        // Member 0 keeps calls starting and ending: its block keeps a spare step.
        ChannelLease spare = l.get(0).tryAcquire(t, "spare").lease();
        List<ChannelLease> theirs = new ArrayList<>();
        for (int i = 0; theirs.size() < 199 && i < 400; i++) {
            ChannelLedger.Acquisition a = l.get(1).tryAcquire(t, "theirs-" + i);
            if (a.isGranted()) {
                theirs.add(a.lease());
            }
        }
        // Member 0's spare channels come back within a few flushes; member 1 gets all but the one in use.
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(10)).until(() -> {
            ChannelLedger.Acquisition a = l.get(1).tryAcquire(t, "theirs-late-" + theirs.size());
            if (a.isGranted()) {
                theirs.add(a.lease());
            }
            return theirs.size() == 199;
        });
        assertThat(l.get(1).tryAcquire(t, "one-too-many").isGranted()).isFalse();
        spare.release();
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(10))
                .until(() -> l.get(1).tryAcquire(t, "the-200th").isGranted());
        // The other member reports its last channel within a flush.
        await().atMost(Duration.ofSeconds(2)).until(() -> l.get(0).inUse("limited") == 200);
    }

    @Test
    void aDeadMembersBlockIsReleasedBySurvivors() {
        List<HazelcastChannelLedger> l = cluster(3, 2, Duration.ofSeconds(60));
        Trunk t = trunk(300);
        for (int i = 0; i < 50; i++) {
            assertThat(l.get(2).tryAcquire(t, "doomed-" + i).isGranted()).isTrue();
        }
        assertThat(l.get(0).tryAcquire(t, "alive").isGranted()).isTrue();
        await().atMost(Duration.ofSeconds(2)).until(() -> l.get(0).inUse("limited") == 51);

        nodes.get(2).hazelcast().getLifecycleService().terminate(); // a crash: no graceful leave

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(l.get(0).inUse("limited")).isEqualTo(1));
        assertThat(l.get(1).inUse("limited")).isEqualTo(1);
    }
}
