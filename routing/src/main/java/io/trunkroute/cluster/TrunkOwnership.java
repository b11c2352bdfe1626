package io.trunkroute.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.partition.MigrationListener;
import com.hazelcast.partition.MigrationState;
import com.hazelcast.partition.ReplicaMigrationEvent;
import io.trunkroute.trunks.model.Trunk;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly one node registers each trunk: the member that owns the partition of the trunk id's
 * key. When members come or go, partitions move; this watches membership and migrations and asks
 * for a re-evaluation (debounced), so the new owner registers within seconds and the old one
 * stops. The contact each owner registered is kept in a replicated map, so a new owner removes
 * its predecessor's binding (even a crashed one's) in its first REGISTER: the carrier never keeps
 * two contacts of the cluster for one trunk.
 */
public final class TrunkOwnership implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TrunkOwnership.class);

    private final HazelcastInstance hz;
    private final IMap<String, String> contacts;
    private final ScheduledExecutorService debounce;
    private final Runnable onChange;
    private ScheduledFuture<?> pending;

    private volatile java.util.Set<String> lastOwned = java.util.Set.of();

    /**
     * @param trunks the trunk set, checked every {@code checkEvery} as a safety net: a migration
     *               that finished before the listeners were registered must not leave a trunk
     *               unregistered
     */
    public TrunkOwnership(HazelcastInstance hz, Runnable onChange, java.util.function.Supplier<List<Trunk>> trunks,
                          java.time.Duration checkEvery) {
        this.hz = hz;
        this.onChange = onChange;
        this.contacts = hz.getMap(ClusterNode.REGISTRATIONS_MAP);
        this.debounce = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "trunk-ownership");
            t.setDaemon(true);
            return t;
        });
        hz.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                changed("member " + event.getMember().getAddress() + " joined");
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                changed("member " + event.getMember().getAddress() + " left");
            }
        });
        hz.getPartitionService().addMigrationListener(new MigrationListener() {
            @Override
            public void migrationStarted(MigrationState state) {
            }

            @Override
            public void migrationFinished(MigrationState state) {
                changed("partition migration finished");
            }

            @Override
            public void replicaMigrationCompleted(ReplicaMigrationEvent event) {
            }

            @Override
            public void replicaMigrationFailed(ReplicaMigrationEvent event) {
            }
        });
        debounce.scheduleWithFixedDelay(() -> {
            try {
                java.util.Set<String> owned = new java.util.TreeSet<>();
                for (Trunk t : trunks.get()) {
                    if (owns(t)) {
                        owned.add(t.id());
                    }
                }
                if (!owned.equals(lastOwned)) {
                    lastOwned = java.util.Set.copyOf(owned);
                    changed("trunks owned by this node now " + owned);
                }
            } catch (RuntimeException e) {
                LOG.debug("ownership check skipped: {}", e.getMessage());
            }
        }, checkEvery.toMillis(), checkEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void changed(String why) {
        if (debounce.isShutdown()) {
            return; // membership events still arrive while the node shuts down
        }
        if (pending != null) {
            pending.cancel(false);
        }
        LOG.info("{}: re-evaluating which trunks this node registers", why);
        pending = debounce.schedule(onChange, 500, TimeUnit.MILLISECONDS);
    }

    /**
     * True when this member owns the trunk's partition and sees a quorum. False while the partition
     * has no owner (mid-migration), and on the minority side of a split brain: there every member
     * owns every partition, and registering would put a second contact at the carrier (and fight
     * the majority's owner over it), so a minority registers nothing until it merges back.
     */
    public boolean owns(Trunk trunk) {
        if (!hz.getSplitBrainProtectionService().getSplitBrainProtection(ClusterNode.MAJORITY).hasMinimumSize()) {
            return false;
        }
        Member owner = hz.getPartitionService().getPartition(trunk.id()).getOwner();
        return owner != null && owner.localMember();
    }

    /** Records the contact this node registered for a trunk (called when it becomes REGISTERED). */
    public void recordContact(String trunkId, String contact) {
        try {
            contacts.set(trunkId, contact);
        } catch (RuntimeException e) {
            LOG.warn("could not record the contact of trunk {}: {}", trunkId, e.getMessage());
        }
    }

    /** The contact another node registered for this trunk, to remove when taking it over. */
    public List<String> previousContacts(Trunk trunk) {
        String c = contacts.get(trunk.id());
        return c == null ? List.of() : List.of(c);
    }

    @Override
    public void close() {
        debounce.shutdownNow();
    }
}
