package io.trunkroute.rules.policy;

/**
 * Why a rule set was refused: a compile error at a file and line, or a failing test case of a
 * file. Line 0 means the problem is not tied to a line.
 */
public record RuleProblem(String file, int line, String message) {

    @Override
    public String toString() {
        return file + (line > 0 ? ":" + line : "") + ": " + message;
    }
}
