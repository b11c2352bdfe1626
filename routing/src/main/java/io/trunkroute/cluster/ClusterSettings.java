package io.trunkroute.cluster;

import java.time.Duration;
import java.util.List;

/**
 * Cluster membership and lease timing ({@code trunkroute.cluster.*}, routing/README.md).
 *
 * @param members       TCP-IP member list ("127.0.0.1:5701"); empty = a cluster of one
 * @param minMembers    split-brain protection: limited trunks admit calls only while at least this
 *                      many members see each other (default: a majority of {@code members})
 * @param leaseTtl      a channel lease expires this long after its holder last renewed it
 * @param heartbeatTimeout a member silent this long is declared dead and its leases released
 */
public record ClusterSettings(String clusterName, String bindAddress, int port, List<String> members,
                              int minMembers, Duration leaseTtl, Duration heartbeatTimeout,
                              String kubernetesServiceDns) {

    public ClusterSettings {
        members = List.copyOf(members);
        if (minMembers < 1) {
            throw new IllegalArgumentException("trunkroute.cluster.min-members must be >= 1");
        }
    }

    /** A majority of the configured members (1 for a single node). */
    public static int majorityOf(List<String> members) {
        return members.isEmpty() ? 1 : members.size() / 2 + 1;
    }
}
