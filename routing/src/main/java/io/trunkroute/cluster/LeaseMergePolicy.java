package io.trunkroute.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.spi.merge.MergingValue;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;

/**
 * After a split brain heals, the side that kept quorum is authoritative: only it admitted and
 * released calls during the split, while the cut-off side's copy still holds leases the majority
 * has since released. So the existing (majority) entry wins, and the members that merge in
 * re-assert the calls they still carry ({@link HazelcastChannelLedger} on the MERGED event): the
 * count is rebuilt from the calls that really exist. Registered by class name in the map config.
 */
public final class LeaseMergePolicy implements SplitBrainMergePolicy<ChannelLeases, MergingValue<ChannelLeases>, ChannelLeases> {

    public LeaseMergePolicy() {
    }

    @Override
    public ChannelLeases merge(MergingValue<ChannelLeases> merging, MergingValue<ChannelLeases> existing) {
        ChannelLeases kept = existing == null ? null : existing.getDeserializedValue();
        return kept != null ? kept : merging.getDeserializedValue();
    }

    @Override
    public void writeData(ObjectDataOutput out) {
        // stateless
    }

    @Override
    public void readData(ObjectDataInput in) {
        // stateless
    }
}
