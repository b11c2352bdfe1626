package io.trunkroute.calls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FinalResponseSelectorTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        // codes the trunks gave, in order | code the PBX gets
        "503 502                           | 503",   // same class, neither preferred: the first tried
        "503 480                           | 480",   // 4xx says more than 5xx
        "503 603                           | 603",   // 6xx wins
        "408 404 503                       | 404",   // a number problem beats a timeout
        "0 0                               | 408",   // nobody answered at all
        "0 503                             | 503",   // silence is not a response
        "480 486                           | 486",   // busy is the most specific 4xx
        "500 503 504                       | 500",   // ties keep the order tried
    })
    void picksTheMostMeaningfulFinalResponse(String codes, int expected) {
        List<TrunkAttempt> attempts = Arrays.stream(codes.trim().split("\\s+"))
                .map(c -> new TrunkAttempt("t" + c, Integer.parseInt(c), "r")).toList();

        assertThat(FinalResponseSelector.select(attempts).code()).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void noAttemptAtAllIs503() {
        assertThat(FinalResponseSelector.select(List.of()).code()).isEqualTo(503);
    }
}
