package io.trunkroute.calls;

import static org.assertj.core.api.Assertions.assertThat;

import io.trunkroute.trunks.model.Cidr;
import io.trunkroute.trunks.model.InviteFormat;
import io.trunkroute.trunks.model.Trunk;
import io.trunkroute.trunks.model.TrunkAuth;
import io.trunkroute.trunks.model.TrunkTransport;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LocalChannelLedgerTest {

    private static Trunk trunk(Integer channels, Double cps) {
        return new Trunk("t", "acme", "t", "10.0.0.1", 5060, TrunkTransport.UDP, null,
                new TrunkAuth.Ip(List.of(Cidr.parse("10.0.0.1"))), false, 360, channels, cps, null, List.of(),
                InviteFormat.E164, List.of(), 10, true);
    }

    @Test
    void neverExceedsTheLimitNorGoesBelowZeroUnderConcurrency() throws Exception {
        LocalChannelLedger ledger = new LocalChannelLedger();
        Trunk t = trunk(5, null);
        AtomicInteger maxSeen = new AtomicInteger();
        AtomicInteger minSeen = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch done = new CountDownLatch(8);
        for (int w = 0; w < 8; w++) {
            int worker = w;
            pool.execute(() -> {
                for (int i = 0; i < 2_000; i++) {
                    ChannelLedger.Acquisition a = ledger.tryAcquire(t, "call-" + worker + "-" + i);
                    int now = ledger.inUse("t");
                    maxSeen.accumulateAndGet(now, Math::max);
                    if (a.isGranted()) {
                        a.lease().release();
                        a.lease().release(); // a second release must change nothing
                    }
                    minSeen.accumulateAndGet(ledger.inUse("t"), Math::min);
                }
                done.countDown();
            });
        }
        assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
        pool.shutdown();

        assertThat(maxSeen.get()).isBetween(1, 5);
        assertThat(minSeen.get()).isZero();
        assertThat(ledger.inUse("t")).isZero();
    }

    @Test
    void refusesTheCallAboveTheLimitWithAReason() {
        LocalChannelLedger ledger = new LocalChannelLedger();
        Trunk t = trunk(2, null);

        assertThat(ledger.tryAcquire(t, "a").isGranted()).isTrue();
        assertThat(ledger.tryAcquire(t, "b").isGranted()).isTrue();
        ChannelLedger.Acquisition third = ledger.tryAcquire(t, "c");

        assertThat(third.isGranted()).isFalse();
        assertThat(third.refusal()).isEqualTo("all 2 channels in use");
        assertThat(ledger.tryAcquire(t, "a").isGranted()).as("the same call asking again keeps its channel").isTrue();
        assertThat(ledger.inUse("t")).isEqualTo(2);
    }

    @Test
    void admitsAtMostCpsNewCallsInAnySecond() {
        AtomicLong now = new AtomicLong();
        LocalChannelLedger ledger = new LocalChannelLedger(now::get);
        Trunk t = trunk(null, 3.0);
        ConcurrentLinkedQueue<String> admitted = new ConcurrentLinkedQueue<>();

        for (int i = 0; i < 10; i++) {
            now.set(i * 100_000_000L); // a call every 100 ms
            if (ledger.tryAcquire(t, "c" + i).isGranted()) {
                admitted.add("c" + i);
            }
        }

        assertThat(admitted).containsExactly("c0", "c1", "c2");
        now.set(1_000_000_001L);
        assertThat(ledger.tryAcquire(t, "late").isGranted()).as("a second later the window has room").isTrue();
    }
}
