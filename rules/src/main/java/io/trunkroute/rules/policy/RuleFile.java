package io.trunkroute.rules.policy;

/** One DRL file of the policy, by name (for messages) and text. */
public record RuleFile(String name, String text) {
}
