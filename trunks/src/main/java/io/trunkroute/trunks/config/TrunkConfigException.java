package io.trunkroute.trunks.config;

import java.util.List;

/**
 * trunks.yaml is invalid. Every problem is listed, each naming the file, line, trunk and field,
 * so an operator fixes the whole file in one go instead of one error per restart.
 */
public class TrunkConfigException extends Exception {

    private final List<String> problems;

    public TrunkConfigException(List<String> problems) {
        super(problems.size() + " problem(s) in trunk configuration:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
