package io.trunkroute.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RoutingCountsTest {

    private static final long MAX_AGE = 100;
    private final AtomicLong clock = new AtomicLong(1_000);
    private final RoutingCounts counts = new RoutingCounts(MAX_AGE, clock::get);

    private static LeaseProcessors.Seen seen(long version, int inUse) {
        return new LeaseProcessors.Seen(version, inUse);
    }

    @Test
    void aTrunkNeverSeenHasNoCount() {
        assertThat(counts.fresh("a")).isEmpty();
    }

    @Test
    void theNewestOperationsCountWinsWhateverOrderTheyReturnIn() {
        counts.offer("a", seen(7, 3));
        counts.offer("a", seen(5, 1)); // an earlier operation answering late
        assertThat(counts.fresh("a")).hasValue(3);

        counts.offer("a", seen(8, 4));
        assertThat(counts.fresh("a")).hasValue(4);
    }

    @Test
    void aCountIsGoodForItsMaximumAgeOnly() {
        counts.offer("a", seen(1, 2));
        clock.addAndGet(MAX_AGE - 1);
        assertThat(counts.fresh("a")).hasValue(2);
        clock.addAndGet(1);
        assertThat(counts.fresh("a")).isEmpty();
    }

    @Test
    void anOperationOnTheSameVersionMakesTheCountFreshAgain() {
        counts.offer("a", seen(4, 2));
        clock.addAndGet(MAX_AGE - 1);
        counts.offer("a", seen(4, 2)); // a release that found nothing: nothing changed, but it was read now
        clock.addAndGet(MAX_AGE - 1);
        assertThat(counts.fresh("a")).hasValue(2);
    }

    @Test
    void onceTooOldAnyReadingReplacesIt() {
        counts.offer("a", seen(40, 9));
        clock.addAndGet(MAX_AGE);
        // after a split brain the trunk's lease set may be the other side's, with lower versions
        counts.offer("a", seen(3, 1));
        assertThat(counts.fresh("a")).hasValue(1);
    }

    @Test
    void aRefreshIsKeptEvenWithALowerVersion() {
        counts.offer("a", seen(40, 9));
        counts.refresh("a", seen(3, 1));
        assertThat(counts.fresh("a")).hasValue(1);
        counts.offer("a", seen(4, 2));
        assertThat(counts.fresh("a")).hasValue(2);
    }

    @Test
    void trunksAreCountedApart() {
        counts.offer("a", seen(1, 1));
        counts.offer("b", seen(9, 5));
        assertThat(counts.fresh("a")).isEqualTo(OptionalInt.of(1));
        assertThat(counts.fresh("b")).isEqualTo(OptionalInt.of(5));
    }
}
