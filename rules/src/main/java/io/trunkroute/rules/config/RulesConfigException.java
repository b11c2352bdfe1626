package io.trunkroute.rules.config;

import java.util.List;

/** Decks or rules that cannot go into service; every problem names its file (and line). */
public class RulesConfigException extends Exception {

    private final List<String> problems;

    public RulesConfigException(List<String> problems) {
        super(problems.size() + " problem(s) in rate decks / routing rules:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
