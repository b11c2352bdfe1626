package io.trunkroute.rules.ranges;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RangeExpanderTest {

    static List<RossvyazRanges.Row> registry() throws Exception {
        try (var in = new InputStreamReader(RangeExpanderTest.class.getResourceAsStream("/numbering/ru-DEF-9xx.csv"),
                StandardCharsets.UTF_8)) {
            return RossvyazRanges.read(in);
        }
    }

    @ParameterizedTest(name = "{0}..{1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        // from       | to         | prefixes (country code 7, 10 digits)
        "9000000000   | 9000061999 | 7900000, 7900001, 7900002, 7900003, 7900004, 7900005, 79000060, 79000061",
        "9000000000   | 9009999999 | 7900",
        "9000000000   | 9999999999 | 79",
        "9001234567   | 9001234567 | 79001234567",
        "9000000005   | 9000000014 | 79000000005, 79000000006, 79000000007, 79000000008, 79000000009, 79000000010, 79000000011, 79000000012, 79000000013, 79000000014",
        "9000000010   | 9000000019 | 7900000001",
    })
    void coversARangeWithTheFewestPrefixes(long from, long to, String expected) {
        List<String> got = RangeExpander.expand(List.of(new NumberRange("7", from, to, 10, "op"))).stream()
                .map(RangeExpander.Prefix::digits).toList();

        assertThat(got).containsExactly(expected.split(",\\s*"));
    }

    @Test
    void mergesAdjacentRangesOfTheSameOperatorBeforeCovering() {
        List<RangeExpander.Prefix> got = RangeExpander.expand(List.of(
                new NumberRange("7", 9000000000L, 9004999999L, 10, "op"),
                new NumberRange("7", 9005000000L, 9009999999L, 10, "op"),
                new NumberRange("7", 9010000000L, 9019999999L, 10, "other")));

        assertThat(got).containsExactly(new RangeExpander.Prefix("7900", "op"), new RangeExpander.Prefix("7901", "other"));
    }

    @Test
    void coversTheRealRegistryExactlyAndWithoutOverlap() throws Exception {
        List<RossvyazRanges.Row> rows = registry();
        List<NumberRange> ranges = RossvyazRanges.ranges(rows, RossvyazRanges.Row::operator);
        List<RangeExpander.Prefix> prefixes = RangeExpander.expand(ranges);

        assertThat(rows).hasSize(7954); // the snapshot's data rows (its README says 7,953)
        long covered = 0;
        for (RangeExpander.Prefix p : prefixes) {
            covered += (long) Math.pow(10, 11 - p.digits().length());
        }
        long capacity = ranges.stream().mapToLong(r -> r.to() - r.from() + 1).sum();
        assertThat(covered).as("numbers covered by the prefixes = numbers in the ranges").isEqualTo(capacity);

        // Every prefix lies inside ranges of its operator, and no prefix contains another.
        List<RangeExpander.Prefix> sorted = new ArrayList<>(prefixes);
        sorted.sort(Comparator.comparing(RangeExpander.Prefix::digits));
        for (int i = 1; i < sorted.size(); i++) {
            assertThat(sorted.get(i).digits()).as("overlap").doesNotStartWith(sorted.get(i - 1).digits());
        }
        List<NumberRange> byStart = new ArrayList<>(ranges);
        byStart.sort(Comparator.comparingLong(NumberRange::from));
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            RangeExpander.Prefix p = prefixes.get(random.nextInt(prefixes.size()));
            String national = p.digits().substring(1);
            int pad = 10 - national.length();
            long low = Long.parseLong(national) * (long) Math.pow(10, pad);
            long number = low + (pad == 0 ? 0 : (long) (random.nextDouble() * Math.pow(10, pad)));
            NumberRange owner = find(byStart, number);
            assertThat(owner).as("number " + number + " of prefix " + p.digits()).isNotNull();
            assertThat(owner.key()).isEqualTo(p.key());
        }
        // Minimal: no ten sibling prefixes of one operator (they would merge into their parent).
        Map<String, Integer> siblings = new HashMap<>();
        for (RangeExpander.Prefix p : prefixes) {
            siblings.merge(p.digits().substring(0, p.digits().length() - 1) + "|" + p.key(), 1, Integer::sum);
        }
        assertThat(siblings.values()).allMatch(n -> n < 10);
        assertThat(prefixes.size()).isLessThan(rows.size() * 12);
    }

    static NumberRange find(List<NumberRange> byStart, long n) {
        int lo = 0;
        int hi = byStart.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            NumberRange r = byStart.get(mid);
            if (n < r.from()) {
                hi = mid - 1;
            } else if (n > r.to()) {
                lo = mid + 1;
            } else {
                return r;
            }
        }
        return null;
    }
}
