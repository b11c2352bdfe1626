package io.trunkroute.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.SerializationConfig;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The lease and block operations go between members through {@link LeaseSerializers}: every field
 * comes back, under the type id the serializer claims (not Java serialization's).
 */
class LeaseSerializersTest {

    private static final SerializationService SERIALIZATION = serializationService();

    private static SerializationService serializationService() {
        SerializationConfig config = new SerializationConfig();
        LeaseSerializers.register(config);
        return new DefaultSerializationServiceBuilder().setConfig(config).build();
    }

    static Stream<Object[]> operations() {
        LeaseProcessors.Seen seen = new LeaseProcessors.Seen(42L, 7);
        return Stream.of(
                new Object[] {new LeaseProcessors.Acquire("a84b4c76e66710@pbx", "member-1", 30, 2.5, 16_000L, 1_700_000_000_123L),
                        LeaseSerializers.ACQUIRE},
                new Object[] {new LeaseProcessors.Release("a84b4c76e66710@pbx", 1_700_000_000_456L), LeaseSerializers.RELEASE},
                new Object[] {new LeaseProcessors.Count(1_700_000_000_789L), LeaseSerializers.COUNT},
                new Object[] {seen, LeaseSerializers.SEEN},
                new Object[] {new LeaseProcessors.Acquired(null, seen), LeaseSerializers.ACQUIRED},
                new Object[] {new LeaseProcessors.Acquired("all 30 channels in use", seen), LeaseSerializers.ACQUIRED},
                new Object[] {new LeaseProcessors.ReleaseAll(List.of("a84b4c76e66710@pbx", "f81d4fae@pbx"), 1_700_000_000_111L),
                        LeaseSerializers.RELEASE_ALL},
                new Object[] {new LeaseProcessors.ReleaseAll(List.of(), 1_700_000_000_112L), LeaseSerializers.RELEASE_ALL},
                new Object[] {new LeaseProcessors.Reserve("member-1", 12, 15, 1000, 30_000L, 1_700_000_000_222L),
                        LeaseSerializers.RESERVE},
                new Object[] {new LeaseProcessors.Settle("member-1", 27, 12, 1000, 30_000L, 1_700_000_000_333L),
                        LeaseSerializers.SETTLE},
                new Object[] {new LeaseProcessors.BlockAnswer(27, 958, seen), LeaseSerializers.BLOCK_ANSWER});
    }

    @ParameterizedTest
    @MethodSource("operations")
    void comesBackEqualUnderItsOwnTypeId(Object operation, int typeId) {
        Data data = SERIALIZATION.toData(operation);

        assertThat(data.getType()).isEqualTo(typeId);
        Object back = SERIALIZATION.toObject(data);
        assertThat(back).isEqualTo(operation).isNotSameAs(operation);
    }
}
