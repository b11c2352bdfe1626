package io.trunkroute.bench;

import io.trunkroute.calls.ChannelLedger;
import io.trunkroute.cluster.ClusterNode;
import io.trunkroute.cluster.ClusterSettings;
import io.trunkroute.cluster.HazelcastChannelLedger;
import io.trunkroute.trunks.model.Cidr;
import io.trunkroute.trunks.model.InviteFormat;
import io.trunkroute.trunks.model.Trunk;
import io.trunkroute.trunks.model.TrunkAuth;
import io.trunkroute.trunks.model.TrunkTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Acquire + release of one channel lease on a 3-member loopback Hazelcast cluster (members in
 * this JVM, talking TCP over 127.0.0.1), from one member, over 30 trunks whose entries spread over
 * the partitions of all three members: p50/p99 per pair.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ChannelLedgerBench {

    private final List<ClusterNode> nodes = new ArrayList<>();
    private HazelcastChannelLedger ledger;
    private Trunk[] trunks;
    private long next;

    @Setup
    public void cluster() {
        List<String> members = List.of("127.0.0.1:47101", "127.0.0.1:47102", "127.0.0.1:47103");
        String name = "bench-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            nodes.add(ClusterNode.start(new ClusterSettings(name, "127.0.0.1", 47101 + i, members, 2,
                    Duration.ofSeconds(30), Duration.ofSeconds(10), null), "127.0.0.1:" + (5060 + i)));
        }
        nodes.forEach(n -> n.awaitQuorum(Duration.ofSeconds(30)));
        ledger = new HazelcastChannelLedger(nodes.get(0).hazelcast(), Duration.ofSeconds(30));
        trunks = new Trunk[30];
        for (int i = 0; i < trunks.length; i++) {
            trunks[i] = new Trunk("trunk-" + i, "acme", "t", "10.0.0.1", 5060, TrunkTransport.UDP, null,
                    new TrunkAuth.Ip(List.of(Cidr.parse("10.0.0.1"))), false, 360, 1000, null, null, List.of(),
                    InviteFormat.E164, List.of(), 10, true);
        }
    }

    @TearDown
    public void shutdown() {
        ledger.close();
        nodes.forEach(ClusterNode::close);
    }

    @Benchmark
    public boolean acquireAndRelease() {
        long i = next++;
        ChannelLedger.Acquisition a = ledger.tryAcquire(trunks[(int) (i % trunks.length)], "call-" + i);
        if (a.isGranted()) {
            a.lease().release();
            return true;
        }
        return false;
    }
}
