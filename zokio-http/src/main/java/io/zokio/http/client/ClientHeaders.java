package io.zokio.http.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * <b>Threading:</b> immutable, safe from any thread.
 *
 * <p>The header fields of a client request or response, in the order they were given or received. Names
 * compare ignoring ASCII case; a field that occurs more than once keeps every occurrence.
 */
public final class ClientHeaders {
    private static final ClientHeaders EMPTY = new ClientHeaders(new String[0]);

    /** name, value, name, value, ... */
    private final String[] pairs;

    private ClientHeaders(String[] pairs) {
        this.pairs = pairs;
    }

    /** No fields. */
    public static ClientHeaders empty() {
        return EMPTY;
    }

    /** Fields from alternating names and values (already validated by the caller). */
    static ClientHeaders ofPairs(List<String> pairs) {
        return pairs.isEmpty() ? EMPTY : new ClientHeaders(pairs.toArray(new String[0]));
    }

    /** The number of fields (a repeated name counts each time). */
    public int size() {
        return pairs.length / 2;
    }

    /** The name of field {@code i} as it was given or received. */
    public String name(int i) {
        return pairs[2 * checkIndex(i)];
    }

    /** The value of field {@code i}, without surrounding whitespace. */
    public String value(int i) {
        return pairs[2 * checkIndex(i) + 1];
    }

    /** The first value of {@code name}, or null when absent. */
    public String first(String name) {
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i].equalsIgnoreCase(name)) {
                return pairs[i + 1];
            }
        }
        return null;
    }

    /** Every value of {@code name} in order; empty when absent. */
    public List<String> all(String name) {
        List<String> out = new ArrayList<>(1);
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i].equalsIgnoreCase(name)) {
                out.add(pairs[i + 1]);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** Whether {@code name} occurs. */
    public boolean contains(String name) {
        return first(name) != null;
    }

    /** The fields as an unmodifiable map from lower-case name to values, in order of first occurrence. */
    public Map<String, List<String>> map() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.computeIfAbsent(pairs[i].toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(pairs[i + 1]);
        }
        m.replaceAll((k, v) -> List.copyOf(v));
        return Collections.unmodifiableMap(m);
    }

    private int checkIndex(int i) {
        if (i < 0 || i >= size()) {
            throw new IndexOutOfBoundsException("field " + i + " of " + size());
        }
        return i;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < pairs.length; i += 2) {
            sb.append(i == 0 ? "" : ", ").append(pairs[i]).append(": ").append(pairs[i + 1]);
        }
        return sb.append('}').toString();
    }
}
