package io.trunkroute.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelLeasesTest {

    @Test
    void grantsUpToTheLimitAndRefusesBeyondIt() {
        ChannelLeases s = new ChannelLeases();

        assertThat(s.tryAcquire("a", "m1", 2, -1, 1000, 0)).isNull();
        assertThat(s.tryAcquire("b", "m2", 2, -1, 1000, 0)).isNull();
        assertThat(s.tryAcquire("c", "m1", 2, -1, 1000, 0)).contains("all 2 channels in use");
        assertThat(s.inUse(0)).isEqualTo(2);
    }

    @Test
    void expiredLeasesFreeTheirChannels() {
        ChannelLeases s = new ChannelLeases();
        s.tryAcquire("a", "m1", 1, -1, 1000, 0);

        assertThat(s.tryAcquire("b", "m1", 1, -1, 1000, 999)).isNotNull();
        assertThat(s.tryAcquire("b", "m1", 1, -1, 1000, 1000)).isNull();
        assertThat(s.leases()).containsOnlyKeys("b");
    }

    @Test
    void renewalKeepsOnlyTheHoldersLeasesAlive() {
        ChannelLeases s = new ChannelLeases();
        s.tryAcquire("a", "m1", 5, -1, 1000, 0);
        s.tryAcquire("b", "m2", 5, -1, 1000, 0);

        assertThat(s.renew(List.of("a", "b"), "m1", 5000)).isEqualTo(1);

        assertThat(s.inUse(2000)).isEqualTo(1);
    }

    @Test
    void countsAndPurgesStayExactWhenTheyNeedNotScan() {
        ChannelLeases s = new ChannelLeases();
        s.tryAcquire("a", "m1", -1, -1, 1000, 0);   // expires at 1000
        s.tryAcquire("b", "m1", -1, -1, 1000, 500); // 1500
        s.renew(List.of("a"), "m1", 3000);

        assertThat(s.inUse(999)).isEqualTo(2);
        assertThat(s.purgeExpired(1200)).as("a was renewed").isZero();
        // A lease that expires before every other one (a short TTL) must still be counted out.
        s.tryAcquire("c", "m1", -1, -1, 100, 1300); // 1400
        assertThat(s.inUse(1399)).isEqualTo(3);
        assertThat(s.inUse(1400)).isEqualTo(2);
        assertThat(s.purgeExpired(1400)).isEqualTo(1);
        assertThat(s.inUse(1500)).isEqualTo(1);
        assertThat(s.purgeExpired(1500)).isEqualTo(1);
        assertThat(s.leases()).containsOnlyKeys("a");
        assertThat(s.tryAcquire("d", "m1", 1, -1, 1000, 2999)).as("a still holds the one channel").isNotNull();
        assertThat(s.tryAcquire("d", "m1", 1, -1, 1000, 3000)).isNull();
    }

    @Test
    void aDepartedMembersLeasesAreReleasedAndNeverBelowZero() {
        ChannelLeases s = new ChannelLeases();
        s.tryAcquire("a", "m1", 5, -1, 1000, 0);
        s.tryAcquire("b", "m2", 5, -1, 1000, 0);

        assertThat(s.releaseMember("m1")).isEqualTo(1);
        assertThat(s.releaseMember("m1")).isZero();
        assertThat(s.release("a")).isFalse();
        assertThat(s.inUse(0)).isEqualTo(1);
    }

    @Test
    void cpsCountsStartsInTheLastSecond() {
        ChannelLeases s = new ChannelLeases();

        assertThat(s.tryAcquire("a", "m", -1, 2, 60_000, 0)).isNull();
        assertThat(s.tryAcquire("b", "m", -1, 2, 60_000, 100)).isNull();
        assertThat(s.tryAcquire("c", "m", -1, 2, 60_000, 900)).contains("calls-per-second");
        assertThat(s.tryAcquire("c", "m", -1, 2, 60_000, 1000)).isNull();
    }

    @Test
    void reassertedCallsComeBackWhateverTheLimit() {
        ChannelLeases l = new ChannelLeases();
        assertThat(l.tryAcquire("kept", "m1", 1, -1, 1000, 0)).isNull();
        assertThat(l.releaseMember("m2")).isZero();

        // m2 was cut off and declared dead; its two calls are alive and it says so after the merge.
        assertThat(l.reassert(java.util.List.of("c1", "c2"), "m2", 5000)).isEqualTo(2);
        assertThat(l.inUse(100)).isEqualTo(3);
        assertThat(l.tryAcquire("new", "m1", 1, -1, 1000, 100)).contains("channels in use");
        // Re-asserting again only extends.
        assertThat(l.reassert(java.util.List.of("c1"), "m2", 9000)).isZero();
        assertThat(l.leases().get("c1").expiresAt()).isEqualTo(9000);
    }

    @Test
    void everyChangeOfTheCountBumpsTheVersionAndNothingElseDoes() {
        ChannelLeases s = new ChannelLeases();
        long v = s.version();

        assertThat(s.tryAcquire("a", "m1", 2, -1, 1000, 0)).isNull();
        assertThat(s.version()).as("granted").isGreaterThan(v);
        s.tryAcquire("b", "m1", 2, -1, 1000, 0);
        v = s.version();
        assertThat(s.tryAcquire("c", "m1", 2, -1, 1000, 0)).isNotNull();
        assertThat(s.version()).as("refused").isEqualTo(v);
        assertThat(s.release("nobody")).isFalse();
        assertThat(s.version()).as("nothing released").isEqualTo(v);

        assertThat(s.release("b")).isTrue();
        assertThat(s.version()).as("released").isGreaterThan(v);
        v = s.version();
        assertThat(s.purgeExpired(1000)).isEqualTo(1);
        assertThat(s.version()).as("expired").isGreaterThan(v);
        v = s.version();
        s.reassert(List.of("c1"), "m2", 5000);
        assertThat(s.version()).as("re-asserted").isGreaterThan(v);
        v = s.version();
        assertThat(s.releaseMember("m2")).isEqualTo(1);
        assertThat(s.version()).as("a departed member's").isGreaterThan(v);
        v = s.version();
        assertThat(s.releaseMember("m2")).isZero();
        assertThat(s.version()).as("no lease of that member left").isEqualTo(v);
    }
}
