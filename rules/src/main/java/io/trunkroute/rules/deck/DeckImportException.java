package io.trunkroute.rules.deck;

import java.util.List;

/**
 * A deck was rejected: every problem with its line (up to a cap), and how many rows were bad in
 * all. The deck in service is not touched.
 */
public class DeckImportException extends Exception {

    private final List<DeckProblem> problems;
    private final long badRows;

    public DeckImportException(List<DeckProblem> problems, long badRows) {
        super(badRows + " bad row(s); first: " + (problems.isEmpty() ? "-" : problems.get(0)));
        this.problems = List.copyOf(problems);
        this.badRows = badRows;
    }

    public List<DeckProblem> problems() {
        return problems;
    }

    public long badRows() {
        return badRows;
    }
}
