package io.trunkroute.rules.deck;

/** One bad row of a rate deck: the file line and what is wrong with it. */
public record DeckProblem(String file, long line, String reason) {

    @Override
    public String toString() {
        return file + ":" + line + ": " + reason;
    }
}
