package io.trunkroute.rules.deck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RateDeckTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 24);

    private static Tariff rate(String perMinute) {
        return new Tariff(new BigDecimal(perMinute), BigDecimal.ZERO, 60, 60);
    }

    private static RateDeck deck() throws DeckImportException {
        return new RateDeckBuilder("d", "RUB")
                .add("7", "Russia", rate("1.00"), null, null, 2)
                .add("7495", "Moscow", rate("0.50"), null, LocalDate.of(2026, 6, 30), 3)
                .add("7495", "Moscow", rate("0.45"), LocalDate.of(2026, 7, 1), LocalDate.of(2026, 12, 31), 4)
                .add("74951", "Moscow 1", rate("0.30"), LocalDate.of(2027, 1, 1), null, 5)
                .add("79", "Russia mobile", rate("2.00"), null, null, 6)
                .add("7900", "Tele2", rate("1.50"), null, null, 7)
                .add("44", "UK", rate("3.00"), null, null, 8)
                .build("deck.csv");
    }

    @ParameterizedTest(name = "{0} on {1} -> prefix {2}")
    @CsvSource({
        // number,       date,       matched prefix (empty = no rate)
        "74951234567,    2026-11-24, 7495",    // the 2026-H2 row of 7495
        "74951234567,    2026-03-01, 7495",    // the H1 row
        "74951234567,    2027-02-01, 74951",   // only from 2027
        "74961234567,    2026-11-24, 7",       // no longer prefix: the country
        "79001234567,    2026-11-24, 7900",    // longest of 7, 79, 7900
        "79011234567,    2026-11-24, 79",
        "442071234567,   2026-11-24, 44",
        "4920123456,     2026-11-24, ''",      // no rate for Germany: not a candidate
        "1,              2026-11-24, ''",
    })
    void matchesTheLongestPrefixValidOnTheCallsDate(String number, LocalDate date, String prefix) throws Exception {
        RateMatch m = deck().match(number, date);

        if (prefix.isEmpty()) {
            assertThat(m).isNull();
        } else {
            assertThat(m).isNotNull();
            assertThat(m.prefix()).isEqualTo(prefix);
        }
    }

    @Test
    void fallsBackToAShorterPrefixWhenTheLongerOnesRowsHaveExpired() throws Exception {
        RateMatch m = deck().match("74951234567", LocalDate.of(2026, 12, 31).plusDays(0));
        assertThat(m.prefix()).isEqualTo("7495");
        assertThat(m.tariff().ratePerMinute()).isEqualByComparingTo("0.45");

        // 7495 has no row for 2027 onwards; 74951 does, 74960... does not: back to "7".
        assertThat(deck().match("74959999999", LocalDate.of(2027, 3, 1)).prefix()).isEqualTo("7");
    }

    @Test
    void aPrefixLongerThanTheNumberDoesNotMatch() throws Exception {
        RateDeck d = new RateDeckBuilder("d", "RUB").add("7495", "x", rate("1"), null, null, 2)
                .add("74951234", "y", rate("2"), null, null, 3).build("f");

        assertThat(d.match("749512", TODAY).prefix()).isEqualTo("7495");
    }

    @Test
    void rejectsOverlappingValidityPeriodsOfOnePrefixNamingBothLines() {
        RateDeckBuilder b = new RateDeckBuilder("d", "RUB")
                .add("7495", "a", rate("1"), LocalDate.of(2026, 1, 1), LocalDate.of(2026, 6, 30), 10)
                .add("7495", "b", rate("2"), LocalDate.of(2026, 6, 1), null, 11);

        assertThatThrownBy(() -> b.build("deck.csv")).isInstanceOfSatisfying(DeckImportException.class, e ->
                assertThat(e.problems()).singleElement().hasToString(
                        "deck.csv:11: prefix 7495 overlaps the validity period of line 10"));
    }

    @Test
    void internsTariffsAndComputesCallCostsInDecimal() {
        Tariff t = new Tariff(new BigDecimal("1.20"), new BigDecimal("0.10"), 30, 6);

        assertThat(t.costOf(0)).isEqualByComparingTo("0");
        assertThat(t.costOf(10)).isEqualByComparingTo("0.700000");   // 30 s billed: 0.60 + 0.10
        assertThat(t.costOf(31)).isEqualByComparingTo("0.820000");   // 36 s: 0.72 + 0.10
        assertThat(t).isEqualTo(new Tariff(new BigDecimal("1.2"), new BigDecimal("0.1"), 30, 6));
    }

    /**
     * Random decks against a brute-force scan, for both segment layouts: prefixes up to 11 digits
     * (start and row share one word) and up to 15 digits with more rows than that word holds (rows
     * in their own array); with and without validity periods; numbers of every length 1..15.
     */
    @ParameterizedTest(name = "longest prefix {0}, {1} rows, dated {2}")
    @CsvSource({"11, 20000, false", "11, 20000, true", "15, 3000, false", "15, 3000, true", "3, 150, false"})
    void agreesWithABruteForceScanOnRandomDecks(int longest, int rows, boolean dated) throws Exception {
        java.util.SplittableRandom r = new java.util.SplittableRandom(longest * 31L + rows + (dated ? 1 : 0));
        java.util.Map<String, java.util.List<LocalDate[]>> periods = new java.util.HashMap<>();
        RateDeckBuilder b = new RateDeckBuilder("d", "RUB");
        String[] heads = {"7", "79", "1", "44", "998"};
        for (int line = 2; periods.size() < rows; line++) {
            StringBuilder p = new StringBuilder(heads[r.nextInt(heads.length)]);
            int length = 1 + r.nextInt(longest);
            while (p.length() < length) {
                p.append((char) ('0' + r.nextInt(10)));
            }
            String prefix = p.substring(0, Math.min(length, p.length()));
            if (periods.containsKey(prefix)) {
                continue;
            }
            java.util.List<LocalDate[]> own = new java.util.ArrayList<>();
            if (dated && r.nextBoolean()) { // two periods with a gap between them
                LocalDate a = TODAY.minusDays(r.nextInt(20));
                own.add(new LocalDate[] {a.minusDays(10), a});
                own.add(new LocalDate[] {a.plusDays(2), null});
            } else {
                own.add(new LocalDate[] {null, null});
            }
            for (LocalDate[] d : own) {
                b.add(prefix, prefix, rate("1.00"), d[0], d[1], line);
            }
            periods.put(prefix, own);
        }
        RateDeck deck = b.build("random.csv");
        RateDeck single = new RateDeckBuilder("one", "RUB").add("79", "mobile", rate("2.00"), null, null, 2).build("one.csv");
        for (int i = 0; i < 20_000; i++) {
            StringBuilder n = new StringBuilder(heads[r.nextInt(heads.length)]);
            int length = 1 + r.nextInt(15);
            while (n.length() < length) {
                n.append((char) ('0' + r.nextInt(10)));
            }
            String number = n.substring(0, length);
            LocalDate day = TODAY.minusDays(r.nextInt(40));
            String expected = null;
            for (int k = number.length(); k > 0 && expected == null; k--) {
                java.util.List<LocalDate[]> own = periods.get(number.substring(0, k));
                if (own != null && own.stream().anyMatch(d -> (d[0] == null || !day.isBefore(d[0]))
                        && (d[1] == null || !day.isAfter(d[1])))) {
                    expected = number.substring(0, k);
                }
            }
            RateMatch m = deck.match(number, day);
            assertThat(m == null ? null : m.prefix()).as("%s on %s", number, day).isEqualTo(expected);
            RateMatch[] all = RateDeck.matchAll(new RateDeck[] {deck, null, single}, number, day);
            assertThat(all[0]).as("matchAll, %s on %s", number, day).isEqualTo(m);
            assertThat(all[1]).isNull();
            assertThat(all[2] == null ? null : all[2].prefix()).isEqualTo(number.startsWith("79") ? "79" : null);
        }
    }
}
