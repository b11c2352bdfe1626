package io.trunkroute.sip.parsing;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compares two object graphs field by field, private fields included, down to strings and
 * numbers: what the RI's parser built against what the fast path built. Ordered collections are
 * compared in order (a header's parameters are encoded in insertion order); a ConcurrentHashMap,
 * which has none, by key.
 */
final class DeepState {

    private final List<String> differences = new ArrayList<>();
    private final IdentityHashMap<Object, Object> seen = new IdentityHashMap<>();

    /** Where the two graphs differ (paths from the root); empty when they hold the same state. */
    static List<String> differences(Object expected, Object actual) {
        DeepState state = new DeepState();
        state.compare("", expected, actual);
        return state.differences;
    }

    private void compare(String path, Object a, Object b) {
        if (a == b) {
            return;
        }
        if (a == null || b == null) {
            differences.add(path + ": " + a + " vs " + b);
            return;
        }
        if (a.getClass() != b.getClass() && !cachingSubclass(a.getClass(), b.getClass())) {
            differences.add(path + ": " + a.getClass().getName() + " vs " + b.getClass().getName());
            return;
        }
        if (a instanceof String || a instanceof Number || a instanceof Boolean || a instanceof Character
                || a instanceof Enum || a instanceof Class) {
            if (!a.equals(b)) {
                differences.add(path + ": " + a + " vs " + b);
            }
            return;
        }
        if (seen.get(a) == b) {
            return;
        }
        seen.put(a, b);
        if (a.getClass().isArray()) {
            int n = Array.getLength(a);
            if (n != Array.getLength(b)) {
                differences.add(path + ": array length " + n + " vs " + Array.getLength(b));
                return;
            }
            for (int i = 0; i < n; i++) {
                compare(path + "[" + i + "]", Array.get(a, i), Array.get(b, i));
            }
            return;
        }
        if (a instanceof ConcurrentHashMap<?, ?> ma) {
            Map<?, ?> mb = (Map<?, ?>) b;
            if (!ma.keySet().equals(mb.keySet())) {
                differences.add(path + ": keys " + ma.keySet() + " vs " + mb.keySet());
                return;
            }
            for (Object key : ma.keySet()) {
                compare(path + "{" + key + "}", ma.get(key), mb.get(key));
            }
            return;
        }
        if (a instanceof Map<?, ?> ma) {
            compareInOrder(path, ma.entrySet(), ((Map<?, ?>) b).entrySet());
            return;
        }
        if (a instanceof Collection<?> ca) {
            compareInOrder(path, ca, (Collection<?>) b);
            return;
        }
        if (a instanceof Map.Entry<?, ?> ea) {
            Map.Entry<?, ?> eb = (Map.Entry<?, ?>) b;
            compare(path + ".key", ea.getKey(), eb.getKey());
            compare(path + ".value", ea.getValue(), eb.getValue());
            return;
        }
        if (a.getClass().getName().startsWith("java.")) {
            if (!a.equals(b)) {
                differences.add(path + ": " + a + " vs " + b);
            }
            return;
        }
        for (Class<?> type = a.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                field.setAccessible(true);
                try {
                    compare(path + "." + field.getName(), field.get(a), field.get(b));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    /**
     * One of ours that extends the RI's class only to cache what the RI computes again at each
     * read (CachedCallId): compared on the RI's fields (the loop below walks the expected class).
     */
    private static boolean cachingSubclass(Class<?> expected, Class<?> actual) {
        return expected.isAssignableFrom(actual) && actual == CachedCallId.class;
    }

    private void compareInOrder(String path, Collection<?> a, Collection<?> b) {
        if (a.size() != b.size()) {
            differences.add(path + ": size " + a.size() + " vs " + b.size());
            return;
        }
        Iterator<?> ib = b.iterator();
        int i = 0;
        for (Object x : a) {
            compare(path + "[" + i++ + "]", x, ib.next());
        }
    }
}
