package io.trunkroute.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.spi.merge.MergingValue;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;

/**
 * After a split brain heals, a trunk's channel state is the union of both sides' leases (the later
 * expiry wins), so the count is rebuilt from the calls that really exist instead of one side's
 * number overwriting the other's. Registered by class name in the map config.
 */
public final class LeaseMergePolicy implements SplitBrainMergePolicy<ChannelLeases, MergingValue<ChannelLeases>, ChannelLeases> {

    public LeaseMergePolicy() {
    }

    @Override
    public ChannelLeases merge(MergingValue<ChannelLeases> merging, MergingValue<ChannelLeases> existing) {
        ChannelLeases incoming = merging.getDeserializedValue();
        if (existing == null || existing.getDeserializedValue() == null) {
            return incoming;
        }
        if (incoming == null) {
            return existing.getDeserializedValue();
        }
        return incoming.mergedWith(existing.getDeserializedValue());
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
