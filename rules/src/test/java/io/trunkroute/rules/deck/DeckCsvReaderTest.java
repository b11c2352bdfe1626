package io.trunkroute.rules.deck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeckCsvReaderTest {

    private static final String HEADER = "prefix,destination,rate,connect_fee,increment_first,increment_next,valid_from,valid_till\n";

    private static DeckCsvReader.Result read(String csv, boolean skip) throws Exception {
        return DeckCsvReader.read("mcn", "RUB", "mcn.csv", new StringReader(csv), skip);
    }

    @Test
    void readsADeckWithQuotedNamesCommentsAndOptionalColumns() throws Exception {
        DeckCsvReader.Result r = read(HEADER
                + "# Moscow, fixed\n"
                + "7495,\"Moscow, fixed\",0.45,0.10,60,60,2026-01-01,\n"
                + "79,Russia mobile,1.20,,,,,\n", false);

        assertThat(r.deck().size()).isEqualTo(2);
        RateMatch m = r.deck().match("74951234567", LocalDate.of(2026, 5, 1));
        assertThat(m.destination()).isEqualTo("Moscow, fixed");
        assertThat(m.tariff().connectFee()).isEqualByComparingTo("0.10");
        RateMatch mobile = r.deck().match("79161234567", LocalDate.of(2026, 5, 1));
        assertThat(mobile.tariff().incrementFirst()).isEqualTo(60);
        assertThat(mobile.currency()).isEqualTo("RUB");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        # what is wrong          | row                                            | problem
        prefix with letters      | 74A5,Moscow,0.45,,,,,                          | mcn.csv:3: prefix must be 1-15 digits
        prefix too long          | 7495123456789012,x,1,,,,,                      | mcn.csv:3: prefix must be 1-15 digits
        rate not a number        | 7495,Moscow,cheap,,,,,                         | mcn.csv:3: rate must be a decimal number like 1.25, was 'cheap'
        negative rate            | 7495,Moscow,-1,,,,,                            | mcn.csv:3: rate must not be negative
        too many decimals        | 7495,Moscow,0.1234567,,,,,                     | mcn.csv:3: rate has more than 6 decimals
        zero increment           | 7495,Moscow,1,,0,60,,                          | mcn.csv:3: increment_first must be 1..3600 seconds, was 0
        bad date                 | 7495,Moscow,1,,,,31.12.2026,                   | mcn.csv:3: valid_from must be an ISO date
        till before from         | 7495,Moscow,1,,,,2026-12-31,2026-01-01         | mcn.csv:3: valid_till 2026-01-01 is before valid_from 2026-12-31
        missing field            | 7495,Moscow                                    | mcn.csv:3: has 2 fields, the header has 8
        """)
    void rejectsTheWholeDeckNamingEachBadRowsLine(String what, String row, String problem) {
        String csv = HEADER + "7,Russia,1.00,,,,,\n" + row + "\n";

        assertThatThrownBy(() -> read(csv, false)).isInstanceOfSatisfying(DeckImportException.class,
                e -> assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.toString()).startsWith(problem)));
    }

    @Test
    void skipBadRowsLoadsTheGoodRowsAndReportsTheBadOnes() throws Exception {
        DeckCsvReader.Result r = read(HEADER + "7,Russia,1,,,,,\nx,bad,1,,,,,\n79,Mobile,2,,,,,\n7495,M,oops,,,,,\n",
                true);

        assertThat(r.deck().size()).isEqualTo(2);
        assertThat(r.skippedRows()).isEqualTo(2);
        assertThat(r.skipped()).extracting(DeckProblem::line).containsExactly(3L, 5L);
    }

    @Test
    void namesMissingAndUnknownColumns() {
        assertThatThrownBy(() -> read("prefix,dest,price\n7,x,1\n", false))
                .isInstanceOfSatisfying(DeckImportException.class, e -> assertThat(e.problems().get(0).toString())
                        .contains("mcn.csv:1: missing column(s) [destination, rate]").contains("unknown column(s) [dest, price]"));
    }

    @Test
    void anEmptyDeckIsRejected() {
        assertThatThrownBy(() -> read(HEADER, false)).hasMessageContaining("no valid rows");
    }
}
