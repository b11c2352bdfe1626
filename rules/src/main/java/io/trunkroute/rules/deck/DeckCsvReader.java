package io.trunkroute.rules.deck;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Streams a rate deck CSV (Apache Commons CSV) into a {@link RateDeckBuilder}, one record at a
 * time. Columns, with a header row: {@code prefix, destination, rate, connect_fee,
 * increment_first, increment_next, valid_from, valid_till} (the last four optional: 0, 60, 60,
 * open). Every bad row is reported with its line number and reason; a deck with bad rows is
 * rejected whole unless {@code skipBadRows} is set, in which case good rows load and the bad ones
 * are reported.
 */
public final class DeckCsvReader {

    public static final List<String> REQUIRED = List.of("prefix", "destination", "rate");
    public static final List<String> OPTIONAL = List.of("connect_fee", "increment_first", "increment_next",
            "valid_from", "valid_till");
    /** Problems kept for the report; beyond this only the count grows. */
    static final int MAX_REPORTED = 1000;

    /** The outcome of an import: the deck, and the rows skipped (only with skipBadRows). */
    public record Result(RateDeck deck, List<DeckProblem> skipped, long skippedRows, long rows) {
    }

    private DeckCsvReader() {
    }

    public static Result read(String id, String currency, String fileName, Reader csv, boolean skipBadRows)
            throws IOException, DeckImportException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
                .setIgnoreEmptyLines(true).setCommentMarker('#').get();
        RateDeckBuilder builder = new RateDeckBuilder(id, currency);
        List<DeckProblem> problems = new ArrayList<>();
        long bad = 0;
        long rows = 0;
        try (CSVParser parser = CSVParser.parse(csv, format)) {
            Map<String, Integer> header = parser.getHeaderMap();
            List<String> missing = REQUIRED.stream().filter(c -> !header.containsKey(c)).toList();
            Set<String> known = new java.util.HashSet<>(REQUIRED);
            known.addAll(OPTIONAL);
            List<String> unknown = header.keySet().stream().filter(c -> !known.contains(c)).toList();
            if (!missing.isEmpty() || !unknown.isEmpty()) {
                String why = (!missing.isEmpty() ? "missing column(s) " + missing : "")
                        + (!missing.isEmpty() && !unknown.isEmpty() ? "; " : "")
                        + (!unknown.isEmpty() ? "unknown column(s) " + unknown + " (known: " + REQUIRED + " + " + OPTIONAL + ")" : "");
                throw new DeckImportException(List.of(new DeckProblem(fileName, 1, why)), 1);
            }
            for (CSVRecord record : parser) {
                rows++;
                long line = parser.getCurrentLineNumber();
                try {
                    addRow(builder, record, header, line);
                } catch (IllegalArgumentException e) {
                    bad++;
                    if (problems.size() < MAX_REPORTED) {
                        problems.add(new DeckProblem(fileName, line, e.getMessage()));
                    }
                }
            }
        } catch (IllegalStateException | java.io.UncheckedIOException e) {
            // Commons CSV reports structural errors (unclosed quote...) this way
            throw new DeckImportException(List.of(new DeckProblem(fileName, -1, "not valid CSV: " + e.getMessage())), 1);
        }
        if (bad > 0 && !skipBadRows) {
            throw new DeckImportException(problems, bad);
        }
        if (builder.size() == 0) {
            throw new DeckImportException(List.of(new DeckProblem(fileName, 1, "the deck has no valid rows")), bad);
        }
        return new Result(builder.build(fileName), problems, bad, rows);
    }

    private static void addRow(RateDeckBuilder b, CSVRecord r, Map<String, Integer> header, long line) {
        if (!r.isConsistent()) {
            throw new IllegalArgumentException("has " + r.size() + " fields, the header has " + header.size());
        }
        String prefix = r.get("prefix");
        if (prefix.startsWith("+")) {
            prefix = prefix.substring(1);
        }
        if (!prefix.matches("[0-9]{1,15}")) {
            throw new IllegalArgumentException("prefix must be 1-15 digits (E.164 without +), was '" + r.get("prefix") + "'");
        }
        BigDecimal rate = money(r.get("rate"), "rate");
        BigDecimal fee = optional(r, header, "connect_fee") == null ? BigDecimal.ZERO
                : money(optional(r, header, "connect_fee"), "connect_fee");
        int first = increment(optional(r, header, "increment_first"), "increment_first");
        int next = increment(optional(r, header, "increment_next"), "increment_next");
        LocalDate from = date(optional(r, header, "valid_from"), "valid_from");
        LocalDate till = date(optional(r, header, "valid_till"), "valid_till");
        if (from != null && till != null && till.isBefore(from)) {
            throw new IllegalArgumentException("valid_till " + till + " is before valid_from " + from);
        }
        b.add(prefix, r.get("destination"), new Tariff(rate, fee, first, next), from, till, line);
    }

    private static String optional(CSVRecord r, Map<String, Integer> header, String column) {
        if (!header.containsKey(column)) {
            return null;
        }
        String v = r.get(column);
        return v == null || v.isEmpty() ? null : v;
    }

    private static BigDecimal money(String text, String column) {
        try {
            BigDecimal v = new BigDecimal(text);
            if (v.signum() < 0) {
                throw new IllegalArgumentException(column + " must not be negative, was " + text);
            }
            if (v.scale() > 6) {
                throw new IllegalArgumentException(column + " has more than 6 decimals: " + text);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(column + " must be a decimal number like 1.25, was '" + text + "'");
        }
    }

    private static int increment(String text, String column) {
        if (text == null) {
            return 60;
        }
        try {
            int v = Integer.parseInt(text);
            if (v < 1 || v > 3600) {
                throw new IllegalArgumentException(column + " must be 1..3600 seconds, was " + v);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(column + " must be whole seconds, was '" + text + "'");
        }
    }

    private static LocalDate date(String text, String column) {
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(column + " must be an ISO date like 2026-01-31, was '" + text + "'");
        }
    }
}
