package io.trunkroute.trunks.config;

import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands {@code ${NAME}} and {@code ${NAME:-default}} in config values, so passwords can come
 * from the environment (a Kubernetes Secret, a systemd credential) instead of the file.
 */
final class EnvReferences {

    private static final Pattern REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private EnvReferences() {
    }

    /** Thrown for a reference to an unset variable without a default. */
    static final class UnsetVariableException extends IllegalArgumentException {
        UnsetVariableException(String name) {
            super("environment variable " + name + " is not set");
        }
    }

    static String expand(String value, Function<String, String> env) {
        if (value == null || !value.contains("${")) {
            return value;
        }
        Matcher m = REF.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String resolved = env.apply(m.group(1));
            if (resolved == null) {
                if (m.group(2) == null) {
                    throw new UnsetVariableException(m.group(1));
                }
                resolved = m.group(2);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(resolved));
        }
        m.appendTail(out);
        return out.toString();
    }
}
