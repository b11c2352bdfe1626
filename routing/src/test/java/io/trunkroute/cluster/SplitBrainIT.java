package io.trunkroute.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.LifecycleEvent.LifecycleState;
import com.hazelcast.map.IMap;
import io.trunkroute.calls.ChannelLease;
import io.trunkroute.calls.ChannelLedger;
import io.trunkroute.testpeers.FreePorts;
import io.trunkroute.testpeers.LoopbackPartition;
import io.trunkroute.trunks.model.Cidr;
import io.trunkroute.trunks.model.InviteFormat;
import io.trunkroute.trunks.model.Trunk;
import io.trunkroute.trunks.model.TrunkAuth;
import io.trunkroute.trunks.model.TrunkTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A real split brain: three Hazelcast members on their own loopback addresses, one of them cut
 * off by the kernel (iptables drops its packets) and later let back in. What must hold: the
 * cut-off member refuses limited trunks and registers nothing, the majority keeps working, and
 * after the heal the channel count is exactly the calls that exist on both sides.
 */
class SplitBrainIT {

    private static final Duration TTL = Duration.ofSeconds(6);
    private static final List<String> ADDRESSES = List.of("127.0.0.21", "127.0.0.22", "127.0.0.23");

    private final String cluster = "split-it-" + UUID.randomUUID();
    private final List<ClusterNode> nodes = new ArrayList<>();
    private final List<HazelcastChannelLedger> ledgers = new ArrayList<>();
    private final List<TrunkOwnership> ownerships = new ArrayList<>();
    private LoopbackPartition partition;

    @AfterEach
    void tearDown() {
        if (partition != null) {
            partition.close();
        }
        ownerships.forEach(TrunkOwnership::close);
        ledgers.forEach(HazelcastChannelLedger::close);
        nodes.forEach(n -> {
            try {
                n.close();
            } catch (RuntimeException ignored) {
                // already down
            }
        });
    }

    private static Trunk trunk(String id, Integer channels) {
        return new Trunk(id, "acme", id, "10.0.0.1", 5060, TrunkTransport.UDP, null,
                new TrunkAuth.Ip(List.of(Cidr.parse("10.0.0.1"))), false, 360, channels, null, null, List.of(),
                InviteFormat.E164, List.of(), 10, true);
    }

    private int members(int node) {
        return nodes.get(node).hazelcast().getCluster().getMembers().size();
    }

    /** How many of the three nodes would register each trunk. */
    private List<Long> registrarsPerTrunk(List<Trunk> trunks, List<Integer> on) {
        return trunks.stream().map(t -> on.stream().filter(i -> ownerships.get(i).owns(t)).count()).toList();
    }

    private ChannelLease acquire(int node, Trunk t, String callId) {
        ChannelLedger.Acquisition a = ledgers.get(node).tryAcquire(t, callId);
        assertThat(a.isGranted()).as("%s on node %d: %s", callId, node, a.refusal()).isTrue();
        return a.lease();
    }

    @Test
    void aCutOffMemberRefusesAndRegistersNothingAndTheCountIsRebuiltFromLiveCallsAfterTheHeal() {
        partition = new LoopbackPartition();
        List<String> members = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        for (String address : ADDRESSES) {
            int port = FreePorts.udpAndTcp();
            ports.add(port);
            members.add(address + ":" + port);
        }
        for (int i = 0; i < ADDRESSES.size(); i++) {
            ClusterSettings s = new ClusterSettings(cluster, ADDRESSES.get(i), ports.get(i), members, 2, TTL,
                    Duration.ofSeconds(3), null);
            nodes.add(ClusterNode.start(s, ADDRESSES.get(i) + ":5060"));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> IntStream.range(0, 3).allMatch(i -> members(i) == 3));
        List<Trunk> registered = IntStream.range(0, 12).mapToObj(i -> trunk("reg-" + i, null)).toList();
        List<LifecycleState> cutOffLifecycle = new CopyOnWriteArrayList<>();
        nodes.get(2).hazelcast().getLifecycleService().addLifecycleListener(e -> cutOffLifecycle.add(e.getState()));
        for (ClusterNode n : nodes) {
            assertThat(n.awaitQuorum(Duration.ofSeconds(10))).isTrue();
            ledgers.add(new HazelcastChannelLedger(n.hazelcast(), TTL));
            ownerships.add(new TrunkOwnership(n.hazelcast(), () -> { }, () -> registered, Duration.ofSeconds(1)));
        }
        await().atMost(Duration.ofSeconds(30)).until(() ->
                registrarsPerTrunk(registered, List.of(0, 1, 2)).stream().allMatch(c -> c == 1));

        Trunk t = trunk("limited", 6);
        ChannelLease a1 = acquire(0, t, "a1");
        acquire(0, t, "a2");
        acquire(2, t, "c1");
        ChannelLease c2 = acquire(2, t, "c2");
        assertThat(ledgers.get(1).inUse("limited")).isEqualTo(4);

        // Cut node 2 (127.0.0.23) off from the other two.
        partition.cut(List.of(ADDRESSES.get(2)), ADDRESSES.subList(0, 2));
        await().atMost(Duration.ofSeconds(30)).until(() -> members(0) == 2 && members(1) == 2 && members(2) == 1);

        // The cut-off member: no quorum, so no new calls on the limited trunk and no registrations.
        await().atMost(Duration.ofSeconds(10)).until(() -> !nodes.get(2).hasQuorum());
        ChannelLedger.Acquisition refused = ledgers.get(2).tryAcquire(t, "c3");
        assertThat(refused.isGranted()).isFalse();
        assertThat(refused.refusal()).contains("minority");
        assertThat(registrarsPerTrunk(registered, List.of(2))).containsOnly(0L);
        // The majority cannot tell the cut from a crash: it releases node 2's leases and goes on.
        await().atMost(Duration.ofSeconds(30)).until(() -> ledgers.get(0).inUse("limited") == 2);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                registrarsPerTrunk(registered, List.of(0, 1)).stream().allMatch(c -> c == 1));
        acquire(1, t, "b1");
        a1.release();
        c2.release(); // the call on the cut-off side ends; its release cannot reach the cluster yet
        assertThat(ledgers.get(0).inUse("limited")).isEqualTo(2); // a2, b1

        partition.heal();
        await().atMost(Duration.ofSeconds(60)).until(() -> IntStream.range(0, 3).allMatch(i -> members(i) == 3));
        await().atMost(Duration.ofSeconds(30)).until(() -> cutOffLifecycle.contains(LifecycleState.MERGED));

        // Rebuilt from the calls that exist: a2 and b1 from the majority, c1 re-asserted by node 2;
        // not a1 (ended on the majority side during the split) and not c2 (ended on node 2).
        IMap<String, ChannelLeases> map = nodes.get(0).hazelcast().getMap(ClusterNode.CHANNELS_MAP);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(map.get("limited").leases()).containsOnlyKeys("a2", "b1", "c1"));
        // And it stays so past two lease lifetimes: node 2 renews c1 under its new member id.
        sleep(TTL.multipliedBy(2));
        assertThat(map.get("limited").leases()).containsOnlyKeys("a2", "b1", "c1");
        for (HazelcastChannelLedger l : ledgers) {
            assertThat(l.inUse("limited")).isEqualTo(3);
        }
        await().atMost(Duration.ofSeconds(30)).until(() ->
                registrarsPerTrunk(registered, List.of(0, 1, 2)).stream().allMatch(c -> c == 1));
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
