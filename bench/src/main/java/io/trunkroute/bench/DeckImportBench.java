package io.trunkroute.bench;

import io.trunkroute.rules.deck.DeckCsvReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Importing one 1,000,000-row deck CSV (parse, validate, sort, flatten): time per import. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DeckImportBench {

    private byte[] csv;

    @Setup
    public void generate() {
        List<String> prefixes = SyntheticDecks.prefixes(1, 1_000_000);
        StringBuilder sb = new StringBuilder(40 * prefixes.size());
        sb.append("prefix,destination,rate,connect_fee,increment_first,increment_next,valid_from,valid_till\n");
        int i = 0;
        for (String p : prefixes) {
            sb.append(p).append(",dest-").append(p, 0, Math.min(5, p.length())).append(',')
                    .append("0.").append(10 + (i++ % 89)).append(",0,60,60,,\n");
        }
        csv = sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public int importMillionRows() throws Exception {
        try (InputStreamReader r = new InputStreamReader(new ByteArrayInputStream(csv), StandardCharsets.UTF_8)) {
            return DeckCsvReader.read("big", "RUB", "big.csv", r, false).deck().size();
        }
    }
}
