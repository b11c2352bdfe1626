package io.trunkroute.cluster;

import com.hazelcast.config.SerializationConfig;
import com.hazelcast.config.SerializerConfig;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.StreamSerializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Hazelcast serializers for the operations every call makes (acquire, release in batches, count) and their
 * answers. With Java serialization, which {@link LeaseProcessors} records would otherwise get,
 * each call paid an object stream per processor and per answer, even on a single member (Hazelcast
 * serialises an entry processor before it runs it on the partition thread): 2.9 % of JFR's samples
 * of the engine at 1,400 calls/s in bench/calls. The rarer processors (renew, reassert, purge, a
 * departed member's release) keep Java serialization.
 *
 * <p>Type ids are part of the wire format between members: never reuse or renumber one.
 */
final class LeaseSerializers {

    static final int ACQUIRE = 1001;
    static final int RELEASE = 1002;
    static final int COUNT = 1003;
    static final int SEEN = 1004;
    static final int ACQUIRED = 1005;
    static final int RELEASE_ALL = 1006;
    static final int RESERVE = 1007;
    static final int SETTLE = 1008;
    static final int BLOCK_ANSWER = 1009;

    private LeaseSerializers() {
    }

    static void register(SerializationConfig config) {
        add(config, LeaseProcessors.Acquire.class, ACQUIRE, (out, a) -> {
            out.writeString(a.callId());
            out.writeString(a.member());
            out.writeInt(a.limit());
            out.writeDouble(a.cps());
            out.writeLong(a.ttlMillis());
            out.writeLong(a.now());
        }, in -> new LeaseProcessors.Acquire(in.readString(), in.readString(), in.readInt(), in.readDouble(),
                in.readLong(), in.readLong()));
        add(config, LeaseProcessors.Release.class, RELEASE, (out, r) -> {
            out.writeString(r.callId());
            out.writeLong(r.now());
        }, in -> new LeaseProcessors.Release(in.readString(), in.readLong()));
        add(config, LeaseProcessors.ReleaseAll.class, RELEASE_ALL, (out, r) -> {
            out.writeInt(r.callIds().size());
            for (String callId : r.callIds()) {
                out.writeString(callId);
            }
            out.writeLong(r.now());
        }, in -> {
            int n = in.readInt();
            List<String> callIds = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                callIds.add(in.readString());
            }
            return new LeaseProcessors.ReleaseAll(callIds, in.readLong());
        });
        add(config, LeaseProcessors.Reserve.class, RESERVE, (out, r) -> {
            out.writeString(r.member());
            out.writeInt(r.used());
            out.writeInt(r.step());
            out.writeInt(r.limit());
            out.writeLong(r.ttlMillis());
            out.writeLong(r.now());
        }, in -> new LeaseProcessors.Reserve(in.readString(), in.readInt(), in.readInt(), in.readInt(), in.readLong(),
                in.readLong()));
        add(config, LeaseProcessors.Settle.class, SETTLE, (out, r) -> {
            out.writeString(r.member());
            out.writeInt(r.reserved());
            out.writeInt(r.used());
            out.writeInt(r.limit());
            out.writeLong(r.ttlMillis());
            out.writeLong(r.now());
        }, in -> new LeaseProcessors.Settle(in.readString(), in.readInt(), in.readInt(), in.readInt(), in.readLong(),
                in.readLong()));
        add(config, LeaseProcessors.BlockAnswer.class, BLOCK_ANSWER, (out, a) -> {
            out.writeInt(a.reserved());
            out.writeInt(a.free());
            writeSeen(out, a.seen());
        }, in -> new LeaseProcessors.BlockAnswer(in.readInt(), in.readInt(), readSeen(in)));
        add(config, LeaseProcessors.Count.class, COUNT, (out, c) -> out.writeLong(c.now()),
                in -> new LeaseProcessors.Count(in.readLong()));
        add(config, LeaseProcessors.Seen.class, SEEN, LeaseSerializers::writeSeen, LeaseSerializers::readSeen);
        add(config, LeaseProcessors.Acquired.class, ACQUIRED, (out, a) -> {
            out.writeString(a.refusal());
            writeSeen(out, a.seen());
        }, in -> new LeaseProcessors.Acquired(in.readString(), readSeen(in)));
    }

    private static <T> void add(SerializationConfig config, Class<T> type, int typeId, Writer<T> writer,
            Reader<T> reader) {
        config.addSerializerConfig(new SerializerConfig().setTypeClass(type)
                .setImplementation(new FieldSerializer<>(typeId, writer, reader)));
    }

    @FunctionalInterface
    private interface Writer<T> {
        void write(ObjectDataOutput out, T value) throws IOException;
    }

    @FunctionalInterface
    private interface Reader<T> {
        T read(ObjectDataInput in) throws IOException;
    }

    /** A record's fields in a fixed order, under its type id. */
    private record FieldSerializer<T>(int typeId, Writer<T> writer, Reader<T> reader) implements StreamSerializer<T> {
        @Override
        public void write(ObjectDataOutput out, T value) throws IOException {
            writer.write(out, value);
        }

        @Override
        public T read(ObjectDataInput in) throws IOException {
            return reader.read(in);
        }

        @Override
        public int getTypeId() {
            return typeId;
        }
    }

    private static void writeSeen(ObjectDataOutput out, LeaseProcessors.Seen s) throws IOException {
        out.writeLong(s.version());
        out.writeInt(s.inUse());
    }

    private static LeaseProcessors.Seen readSeen(ObjectDataInput in) throws IOException {
        return new LeaseProcessors.Seen(in.readLong(), in.readInt());
    }
}
