package io.trunkroute.rules.policy;

import java.util.List;

/** A rule set that does not compile or fails its own test cases; the rules in service stay. */
public class PolicyException extends Exception {

    private final List<RuleProblem> problems;

    public PolicyException(List<RuleProblem> problems) {
        super(problems.size() + " problem(s) in the routing rules:\n  "
                + String.join("\n  ", problems.stream().map(RuleProblem::toString).toList()));
        this.problems = List.copyOf(problems);
    }

    public List<RuleProblem> problems() {
        return problems;
    }
}
