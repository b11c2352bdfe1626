package io.trunkroute.cdr;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BillingTest {

    @ParameterizedTest(name = "{0} ms at {1}/{2} bills {3} s")
    @CsvSource({
        // duration ms, first, next, billed seconds
        "0,      60, 60, 0",     // unanswered: nothing billed
        "1,      60, 60, 60",    // any answered call pays the first block
        "59999,  60, 60, 60",
        "60000,  60, 60, 60",
        "60001,  60, 60, 120",   // 60.001 s rounds up to 61 s: a second block
        "125000, 60, 60, 180",
        "125000, 1,  1,  125",   // per-second billing
        "125400, 1,  1,  126",   // partial seconds round up
        "5000,   30, 6,  30",
        "31000,  30, 6,  36",
        "37000,  30, 6,  42",
    })
    void billsByTheDecksIncrements(long durationMs, int first, int next, int billed) {
        assertThat(Billing.billedSeconds(durationMs, first, next)).isEqualTo(billed);
    }

    @ParameterizedTest(name = "{0}/min for {2} s + fee {1} = {3}")
    @CsvSource({
        "1.50,   0,    60,  1.500000",
        "1.50,   0,    90,  2.250000",
        "0.0333, 0.10, 125, 0.169375",   // 0.0333 * 125 / 60 = 0.069375, + 0.10
        "2.00,   0.50, 0,   0.000000",   // nothing billed, no connect fee
    })
    void costsConnectFeePlusRateTimesBilledMinutes(String rate, String fee, int billed, String cost) {
        assertThat(Billing.cost(new BigDecimal(rate), new BigDecimal(fee), billed)).isEqualByComparingTo(cost)
                .hasScaleOf(Billing.SCALE);
    }
}
