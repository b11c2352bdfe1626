package io.trunkroute.bench;

/**
 * How often the machine stops a running thread, and for how long: spins on {@link System#nanoTime}
 * for a few seconds and counts the gaps between consecutive readings (the idea of Azul's jHiccup,
 * without the agent). On a virtual machine the hypervisor's stalls land in every latency
 * percentile: an operation lasting D is hit with probability about D x stalls/s, so they set a
 * floor under p99 that no code change moves. Run it next to any p99 figure.
 *
 * <pre>java -cp target/classes io.trunkroute.bench.Hiccups [seconds]</pre>
 */
public final class Hiccups {

    private static final long[] UPPER_NS = {2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 1_000_000, Long.MAX_VALUE};
    private static final String[] NAMES = {"1-2 us", "2-5 us", "5-10 us", "10-20 us", "20-50 us", "50-100 us",
        "0.1-1 ms", "> 1 ms"};

    private Hiccups() {
    }

    public static void main(String[] args) {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        long[] count = new long[UPPER_NS.length];
        long lost = 0;
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        long previous = start;
        for (long now = start; now < end; now = System.nanoTime()) {
            long gap = now - previous;
            previous = now;
            if (gap > 1_000) {
                lost += gap;
                int b = 0;
                while (gap >= UPPER_NS[b]) {
                    b++;
                }
                count[b]++;
            }
        }
        System.out.printf("stalls of a spinning thread over %d s (gaps between nanoTime readings > 1 us)%n", seconds);
        long over10us = 0;
        for (int b = 0; b < count.length; b++) {
            System.out.printf("  %-10s %8d  (%d/s)%n", NAMES[b], count[b], count[b] / seconds);
            over10us += b >= 3 ? count[b] : 0;
        }
        System.out.printf("  stalls over 10 us: %d/s; time lost in stalls: %.2f %%%n", over10us / seconds,
                100.0 * lost / (seconds * 1e9));
    }
}
