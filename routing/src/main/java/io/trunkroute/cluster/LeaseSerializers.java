package io.trunkroute.cluster;

import com.hazelcast.config.SerializationConfig;
import com.hazelcast.config.SerializerConfig;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.StreamSerializer;
import java.io.IOException;

/**
 * Hazelcast serializers for the operations every call makes (acquire, release, count) and their
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

    private LeaseSerializers() {
    }

    static void register(SerializationConfig config) {
        add(config, LeaseProcessors.Acquire.class, new AcquireSerializer());
        add(config, LeaseProcessors.Release.class, new ReleaseSerializer());
        add(config, LeaseProcessors.Count.class, new CountSerializer());
        add(config, LeaseProcessors.Seen.class, new SeenSerializer());
        add(config, LeaseProcessors.Acquired.class, new AcquiredSerializer());
    }

    private static <T> void add(SerializationConfig config, Class<T> type, StreamSerializer<T> serializer) {
        config.addSerializerConfig(new SerializerConfig().setTypeClass(type).setImplementation(serializer));
    }

    static final class AcquireSerializer implements StreamSerializer<LeaseProcessors.Acquire> {
        @Override
        public void write(ObjectDataOutput out, LeaseProcessors.Acquire a) throws IOException {
            out.writeString(a.callId());
            out.writeString(a.member());
            out.writeInt(a.limit());
            out.writeDouble(a.cps());
            out.writeLong(a.ttlMillis());
            out.writeLong(a.now());
        }

        @Override
        public LeaseProcessors.Acquire read(ObjectDataInput in) throws IOException {
            return new LeaseProcessors.Acquire(in.readString(), in.readString(), in.readInt(), in.readDouble(),
                    in.readLong(), in.readLong());
        }

        @Override
        public int getTypeId() {
            return ACQUIRE;
        }
    }

    static final class ReleaseSerializer implements StreamSerializer<LeaseProcessors.Release> {
        @Override
        public void write(ObjectDataOutput out, LeaseProcessors.Release r) throws IOException {
            out.writeString(r.callId());
            out.writeLong(r.now());
        }

        @Override
        public LeaseProcessors.Release read(ObjectDataInput in) throws IOException {
            return new LeaseProcessors.Release(in.readString(), in.readLong());
        }

        @Override
        public int getTypeId() {
            return RELEASE;
        }
    }

    static final class CountSerializer implements StreamSerializer<LeaseProcessors.Count> {
        @Override
        public void write(ObjectDataOutput out, LeaseProcessors.Count c) throws IOException {
            out.writeLong(c.now());
        }

        @Override
        public LeaseProcessors.Count read(ObjectDataInput in) throws IOException {
            return new LeaseProcessors.Count(in.readLong());
        }

        @Override
        public int getTypeId() {
            return COUNT;
        }
    }

    static final class SeenSerializer implements StreamSerializer<LeaseProcessors.Seen> {
        @Override
        public void write(ObjectDataOutput out, LeaseProcessors.Seen s) throws IOException {
            writeSeen(out, s);
        }

        @Override
        public LeaseProcessors.Seen read(ObjectDataInput in) throws IOException {
            return readSeen(in);
        }

        @Override
        public int getTypeId() {
            return SEEN;
        }
    }

    static final class AcquiredSerializer implements StreamSerializer<LeaseProcessors.Acquired> {
        @Override
        public void write(ObjectDataOutput out, LeaseProcessors.Acquired a) throws IOException {
            out.writeString(a.refusal());
            writeSeen(out, a.seen());
        }

        @Override
        public LeaseProcessors.Acquired read(ObjectDataInput in) throws IOException {
            return new LeaseProcessors.Acquired(in.readString(), readSeen(in));
        }

        @Override
        public int getTypeId() {
            return ACQUIRED;
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
