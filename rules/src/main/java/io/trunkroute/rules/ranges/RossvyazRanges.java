package io.trunkroute.rules.ranges;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads the Russian numbering-plan registry format (Rossvyaz / Ministry of Digital Development
 * open data, DEF-9xx / ABC-3xx...): {@code code;from;to;capacity;operator;region}, ';'-separated,
 * a header row. Each row is a block of 7-digit subscriber numbers under a 3-digit code; E.164 is
 * 7 + code + subscriber.
 */
public final class RossvyazRanges {

    /** One registry row. */
    public record Row(int code, long from, long to, long capacity, String operator, String region) {
    }

    private RossvyazRanges() {
    }

    public static List<Row> read(Reader csv) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(';').setSkipHeaderRecord(true)
                .setHeader("code", "from", "to", "capacity", "operator", "region").setTrim(true)
                .setIgnoreEmptyLines(true).get();
        List<Row> rows = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(csv, format)) {
            for (CSVRecord r : parser) {
                try {
                    rows.add(new Row(Integer.parseInt(r.get("code")), Long.parseLong(r.get("from")),
                            Long.parseLong(r.get("to")), Long.parseLong(r.get("capacity")), r.get("operator"),
                            r.get("region")));
                } catch (IllegalArgumentException e) {
                    throw new IOException("line " + parser.getCurrentLineNumber() + ": not a registry row: " + r, e);
                }
            }
        }
        return rows;
    }

    /** The rows as 10-digit national ranges under country code 7, keyed by {@code key}. */
    public static List<NumberRange> ranges(List<Row> rows, Function<Row, String> key) {
        return rows.stream().map(r -> new NumberRange("7", r.code() * 10_000_000L + r.from(),
                r.code() * 10_000_000L + r.to(), 10, key.apply(r))).toList();
    }
}
