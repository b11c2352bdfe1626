package io.trunkroute.rules.policy;

/**
 * The name of the rule whose consequence is running, so that {@code $c.exclude("why")} in DRL is
 * recorded against the rule without the admin having to name it. Set by an agenda listener
 * around each firing, per thread (one decision runs on one thread).
 */
final class RuleContext {

    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private RuleContext() {
    }

    static void enter(String rule) {
        CURRENT.set(rule);
    }

    static void exit() {
        CURRENT.remove();
    }

    static String current() {
        String r = CURRENT.get();
        return r == null ? "(outside a rule)" : r;
    }
}
