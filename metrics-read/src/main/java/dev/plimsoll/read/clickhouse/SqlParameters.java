package dev.plimsoll.read.clickhouse;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Server-side query parameters of one statement: each method stores a value and returns the SQL
 * placeholder that reads it, so values never enter the SQL text.
 *
 * <p>Strings travel hex-encoded and are decoded by the server ({@code unhex({name:String})}):
 * ClickHouse parses {@code param_} values in its "escaped" text format, and how it treats
 * backslashes there differs between versions (ClickHouse issues 68427 and 69656; the local 26.5
 * engine keeps them verbatim, older servers unescape them or reject a trailing one). Hex digits
 * have no escapes, so a service or tenant name arrives byte for byte on every version. {@code
 * unhex} of a constant is folded before index analysis, so primary-key filtering is unaffected.
 *
 * <p>Not thread-safe: one instance per statement.
 */
final class SqlParameters {

    private final Map<String, Object> values = new LinkedHashMap<>();

    /** A String value; returns {@code unhex({name:String})}. */
    String string(String name, String value) {
        put(name, HexFormat.of().formatHex(value.getBytes(StandardCharsets.UTF_8)));
        return "unhex({" + name + ":String})";
    }

    /** An Int64 value; returns {@code {name:Int64}}. */
    String int64(String name, long value) {
        put(name, value);
        return "{" + name + ":Int64}";
    }

    /** The values by name, for the client. */
    Map<String, Object> values() {
        return Collections.unmodifiableMap(values);
    }

    private void put(String name, Object value) {
        Object previous = values.put(name, value);
        if (previous != null && !previous.equals(value)) {
            throw new IllegalStateException("parameter " + name + " bound twice");
        }
    }
}
