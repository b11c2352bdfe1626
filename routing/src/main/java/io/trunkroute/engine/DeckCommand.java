package io.trunkroute.engine;

import io.trunkroute.rules.ranges.NumberRange;
import io.trunkroute.rules.ranges.RangeExpander;
import io.trunkroute.rules.ranges.RossvyazRanges;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * {@code trunkroute deck from-ranges --input DEF-9xx.csv [--key operator|region|operator-region]
 * [--rate 1.20] [--output deck.csv]}: turns a numbering-plan registry (Rossvyaz format) into the
 * minimal set of prefixes per operator (or region), as a deck CSV to put rates into.
 */
final class DeckCommand {

    private DeckCommand() {
    }

    static int fromRanges(Path input, String key, String rate, Path output, PrintStream out) throws IOException {
        Function<RossvyazRanges.Row, String> keyOf = switch (key) {
            case "operator" -> RossvyazRanges.Row::operator;
            case "region" -> RossvyazRanges.Row::region;
            case "operator-region" -> r -> r.operator() + " / " + r.region();
            default -> throw new IllegalArgumentException("--key must be operator, region or operator-region, was " + key);
        };
        if (rate != null && !rate.matches("[0-9]+(\\.[0-9]{1,6})?")) {
            throw new IllegalArgumentException("--rate must be a decimal like 1.20, was " + rate);
        }
        List<RossvyazRanges.Row> rows;
        try (Reader r = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
            rows = RossvyazRanges.read(r);
        }
        List<NumberRange> ranges = RossvyazRanges.ranges(rows, keyOf);
        List<RangeExpander.Prefix> prefixes = RangeExpander.expand(ranges);
        try (Writer w = output == null ? new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8))
                : Files.newBufferedWriter(output, StandardCharsets.UTF_8);
             CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder()
                     .setHeader("prefix", "destination", "rate").get())) {
            for (RangeExpander.Prefix p : prefixes) {
                csv.printRecord(p.digits(), p.key(), rate == null ? "" : rate);
            }
        }
        System.err.println("deck from-ranges: " + rows.size() + " ranges -> " + prefixes.size() + " prefixes");
        return 0;
    }
}
