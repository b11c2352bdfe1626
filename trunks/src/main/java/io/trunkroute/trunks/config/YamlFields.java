package io.trunkroute.trunks.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Typed, line-aware reads from one YAML mapping. Every problem is appended to a shared list as
 * {@code file:line: context: field 'key': what is wrong}; reads return null after a problem so
 * validation goes on and reports everything at once. Unknown keys are problems too: a typo
 * ("expire:") must not silently fall back to a default.
 */
final class YamlFields {

    private final String file;
    private final String context;
    private final MappingNode node;
    private final List<String> problems;
    private final Function<String, String> env;
    private final Map<String, Node> values = new LinkedHashMap<>();
    private final Set<String> read = new LinkedHashSet<>();

    YamlFields(String file, String context, MappingNode node, List<String> problems, Function<String, String> env) {
        this.file = file;
        this.context = context;
        this.node = node;
        this.problems = problems;
        this.env = env;
        for (NodeTuple t : node.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k) {
                if (values.put(k.getValue(), t.getValueNode()) != null) {
                    problem(k, k.getValue(), "appears twice");
                }
            } else {
                problems.add(file + ":" + line(t.getKeyNode()) + ": " + context + ": keys must be plain words");
            }
        }
    }

    static int line(Node n) {
        return n.getStartMark().getLine() + 1;
    }

    String context() {
        return context;
    }

    void problem(Node at, String key, String message) {
        problems.add(file + ":" + line(at == null ? node : at) + ": " + context
                + (key == null ? "" : ": field '" + key + "'") + ": " + message);
    }

    boolean has(String key) {
        read.add(key);
        return values.containsKey(key) && !isNull(values.get(key));
    }

    Node raw(String key) {
        read.add(key);
        return values.get(key);
    }

    /** A scalar as text with ${ENV} references expanded; null when absent or wrong. */
    String string(String key, boolean required) {
        read.add(key);
        Node n = values.get(key);
        if (n == null || isNull(n)) {
            if (required) {
                problem(null, key, "is required");
            }
            return null;
        }
        if (!(n instanceof ScalarNode s)) {
            problem(n, key, "must be a single value, not a list or mapping");
            return null;
        }
        try {
            String v = EnvReferences.expand(s.getValue(), env);
            if (required && v.isBlank()) {
                problem(n, key, "must not be empty");
                return null;
            }
            return v;
        } catch (EnvReferences.UnsetVariableException e) {
            problem(n, key, e.getMessage());
            return null;
        }
    }

    Integer integer(String key, Integer fallback, int min, int max) {
        String v = string(key, false);
        if (v == null) {
            return has(key) ? null : fallback;
        }
        try {
            int i = Integer.parseInt(v.trim());
            if (i < min || i > max) {
                problem(raw(key), key, "must be between " + min + " and " + max + ", was " + i);
                return null;
            }
            return i;
        } catch (NumberFormatException e) {
            problem(raw(key), key, "must be a whole number, was '" + v + "'");
            return null;
        }
    }

    Double positiveDecimal(String key) {
        String v = string(key, false);
        if (v == null) {
            return null;
        }
        try {
            double d = Double.parseDouble(v.trim());
            if (!(d > 0) || Double.isInfinite(d)) {
                problem(raw(key), key, "must be a number above 0, was " + v);
                return null;
            }
            return d;
        } catch (NumberFormatException e) {
            problem(raw(key), key, "must be a number, was '" + v + "'");
            return null;
        }
    }

    Boolean bool(String key, boolean fallback) {
        String v = string(key, false);
        if (v == null) {
            return fallback;
        }
        switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on":
                return true;
            case "false", "no", "off":
                return false;
            default:
                problem(raw(key), key, "must be true or false, was '" + v + "'");
                return null;
        }
    }

    /** One of {@code allowed} (case-insensitive), as given in lower case. */
    String choice(String key, String fallback, List<String> allowed) {
        String v = string(key, false);
        if (v == null) {
            return fallback;
        }
        String lower = v.trim().toLowerCase(Locale.ROOT);
        if (!allowed.contains(lower)) {
            problem(raw(key), key, "must be one of " + String.join(" | ", allowed) + ", was '" + v + "'");
            return null;
        }
        return lower;
    }

    /** A list of scalars (a single scalar is taken as a one-element list). */
    List<String> strings(String key) {
        read.add(key);
        Node n = values.get(key);
        if (n == null || isNull(n)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (n instanceof ScalarNode s) {
            out.add(s.getValue());
        } else if (n instanceof SequenceNode seq) {
            for (Node item : seq.getValue()) {
                if (item instanceof ScalarNode s) {
                    out.add(s.getValue());
                } else {
                    problem(item, key, "items must be single values");
                }
            }
        } else {
            problem(n, key, "must be a list");
        }
        return out;
    }

    /** A nested mapping, or null (with a problem when present but not a mapping). */
    YamlFields mapping(String key, boolean required, String nestedContext) {
        read.add(key);
        Node n = values.get(key);
        if (n == null || isNull(n)) {
            if (required) {
                problem(null, key, "is required");
            }
            return null;
        }
        if (!(n instanceof MappingNode m)) {
            problem(n, key, "must be a mapping ({ key: value, ... })");
            return null;
        }
        return new YamlFields(file, nestedContext, m, problems, env);
    }

    /** Reports every key nobody asked for, with the known keys as a hint. */
    void rejectUnknownKeys(List<String> known) {
        for (Map.Entry<String, Node> e : values.entrySet()) {
            if (!read.contains(e.getKey())) {
                problem(e.getValue(), e.getKey(), "is not a known field (known: " + String.join(", ", known) + ")");
            }
        }
    }

    private static boolean isNull(Node n) {
        return n instanceof ScalarNode s && "tag:yaml.org,2002:null".equals(s.getTag().getValue());
    }
}
