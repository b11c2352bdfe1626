package io.trunkroute.rules.ranges;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns number ranges into the minimal set of prefixes that covers exactly them: the greedy
 * decimal-block cover (take the largest aligned block 10^k that starts at the range's low end
 * and fits, repeat) is optimal per range, and adjacent ranges with the same key are merged first
 * so blocks can span them. A carrier's price list per operator becomes a rate deck this way.
 */
public final class RangeExpander {

    /** One prefix of the cover and the key of the ranges it came from. */
    public record Prefix(String digits, String key) {
    }

    private RangeExpander() {
    }

    /** Minimal prefixes (with the country code) covering {@code ranges}, sorted. */
    public static List<Prefix> expand(List<NumberRange> ranges) {
        List<NumberRange> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparing(NumberRange::countryCode).thenComparingInt(NumberRange::digits)
                .thenComparingLong(NumberRange::from));
        List<Prefix> out = new ArrayList<>();
        NumberRange run = null;
        for (NumberRange r : sorted) {
            if (run != null && run.key().equals(r.key()) && run.countryCode().equals(r.countryCode())
                    && run.digits() == r.digits() && r.from() <= run.to() + 1) {
                run = new NumberRange(run.countryCode(), run.from(), Math.max(run.to(), r.to()), run.digits(), run.key());
            } else {
                if (run != null) {
                    cover(run, out);
                }
                run = r;
            }
        }
        if (run != null) {
            cover(run, out);
        }
        return out;
    }

    static void cover(NumberRange r, List<Prefix> out) {
        long a = r.from();
        long b = r.to();
        int len = r.digits();
        while (a <= b) {
            int k = 0;
            long block = 1;
            while (k < len && a % (block * 10) == 0 && a + block * 10 - 1 <= b) {
                block *= 10;
                k++;
            }
            String digits = len - k == 0 ? "" : String.format("%0" + (len - k) + "d", a / block);
            out.add(new Prefix(r.countryCode() + digits, r.key()));
            a += block;
        }
    }
}
