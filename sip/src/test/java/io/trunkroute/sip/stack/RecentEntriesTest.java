package io.trunkroute.sip.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RecentEntriesTest {

    @Test
    void anEntryLivesItsSecondsAndNoTickMore() {
        RecentEntries<String, String> recent = new RecentEntries<>(3);
        recent.put("call-1/tag", "credentials");

        for (int second = 1; second <= 3; second++) {
            recent.tick();
            assertThat(recent.get("call-1/tag")).as("after %d s", second).isEqualTo("credentials");
        }
        recent.tick();

        assertThat(recent.get("call-1/tag")).isNull();
        assertThat(recent.size()).isZero();
    }

    @Test
    void aKeyPutAgainFindsItsNewestValue() {
        RecentEntries<String, String> recent = new RecentEntries<>(3);
        recent.put("k", "given up");
        recent.tick();
        recent.put("k", "answered");

        assertThat(recent.get("k")).isEqualTo("answered");
        recent.tick();
        recent.tick();
        recent.tick();
        assertThat(recent.get("k")).as("the older one expired, the newer lives on").isEqualTo("answered");
    }

    @Test
    void clearDropsEverything() {
        RecentEntries<String, String> recent = new RecentEntries<>(2);
        recent.put("a", "1");
        recent.tick();
        recent.put("b", "2");

        recent.clear();

        assertThat(recent.get("a")).isNull();
        assertThat(recent.get("b")).isNull();
    }

    @Test
    void keepsASecondAtLeast() {
        assertThatThrownBy(() -> new RecentEntries<String, String>(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
