package io.trunkroute.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.util.UUID;

/**
 * The node's embedded Hazelcast member (open-source edition: IMap + EntryProcessor; the CP
 * subsystem is Enterprise-only). TCP-IP join from the member list, multicast and auto-detection
 * off, Kubernetes DNS discovery when a service DNS name is configured (Helm).
 */
public final class ClusterNode implements AutoCloseable {

    static final String CHANNELS_MAP = "trunkroute-channels";
    static final String REGISTRATIONS_MAP = "trunkroute-registrations";
    static final String MAJORITY = "trunkroute-majority";

    private final HazelcastInstance hazelcast;

    private ClusterNode(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
    }

    public static ClusterNode start(ClusterSettings s, String sipAddress) {
        Config c = new Config();
        c.setClusterName(s.clusterName());
        c.setInstanceName("trunkroute-" + UUID.randomUUID());
        c.setProperty("hazelcast.logging.type", "slf4j");
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.setProperty("hazelcast.shutdownhook.enabled", "false"); // the engine shuts it down in order
        c.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        c.setProperty("hazelcast.max.no.heartbeat.seconds", Long.toString(Math.max(2, s.heartbeatTimeout().toSeconds())));
        c.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
        c.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
        c.getMemberAttributeConfig().setAttribute("sip", sipAddress);

        NetworkConfig net = c.getNetworkConfig();
        net.setPort(s.port()).setPortAutoIncrement(s.members().isEmpty());
        if (s.bindAddress() != null && !s.bindAddress().isBlank()) {
            net.getInterfaces().setEnabled(true).addInterface(s.bindAddress());
            c.setProperty("hazelcast.local.localAddress", s.bindAddress());
            // Listen and connect out on that address only, not 0.0.0.0: on a multi-homed host the
            // cluster traffic stays on the network the operator chose.
            c.setProperty("hazelcast.socket.bind.any", "false");
            c.setProperty("hazelcast.socket.client.bind.any", "false");
        }
        JoinConfig join = net.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        if (s.kubernetesServiceDns() != null && !s.kubernetesServiceDns().isBlank()) {
            join.getKubernetesConfig().setEnabled(true).setProperty("service-dns", s.kubernetesServiceDns());
        } else {
            join.getTcpIpConfig().setEnabled(true).setMembers(s.members());
        }

        c.addSplitBrainProtectionConfig(new SplitBrainProtectionConfig(MAJORITY, true, s.minMembers()));
        // OBJECT: entry processors work on the stored ChannelLeases (and backups replay them on
        // theirs) instead of deserialising and re-serialising a trunk's whole lease set on every
        // acquire, release and count; with BINARY that was 39 % of the engine's CPU at 300 calls/s.
        MapConfig channels = new MapConfig(CHANNELS_MAP).setBackupCount(1).setAsyncBackupCount(0)
                .setInMemoryFormat(InMemoryFormat.OBJECT).setSplitBrainProtectionName(MAJORITY);
        channels.getMergePolicyConfig().setPolicy(LeaseMergePolicy.class.getName());
        c.addMapConfig(channels);
        c.addMapConfig(new MapConfig(REGISTRATIONS_MAP).setBackupCount(1));
        LeaseSerializers.register(c.getSerializationConfig());
        return new ClusterNode(Hazelcast.newHazelcastInstance(c));
    }

    public HazelcastInstance hazelcast() {
        return hazelcast;
    }

    /** Whether this member currently sees enough members to admit calls on limited trunks. */
    public boolean hasQuorum() {
        return hazelcast.getSplitBrainProtectionService().getSplitBrainProtection(MAJORITY).hasMinimumSize();
    }

    /**
     * Waits (bounded) until split-brain protection has judged the membership: right after start it
     * has not yet, and would refuse every limited trunk for a moment. Returns the verdict.
     */
    public boolean awaitQuorum(java.time.Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (System.nanoTime() < deadline) {
            if (hasQuorum()) {
                return true;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return hasQuorum();
    }

    @Override
    public void close() {
        hazelcast.shutdown();
    }
}
