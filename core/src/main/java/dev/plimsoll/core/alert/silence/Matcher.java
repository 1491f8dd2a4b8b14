package dev.plimsoll.core.alert.silence;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One label matcher of a silence, as Alertmanager writes them: {@code =}, {@code !=}, {@code =~}
 * (the whole value matches the regular expression), {@code !~}. A label an alert lacks counts as
 * {@code ""}. Immutable and thread-safe.
 *
 * @param name the label
 * @param op the operator
 * @param value the value or regular expression
 */
public record Matcher(String name, Op op, String value) {

    /** The operators. */
    public enum Op {
        EQUAL("="),
        NOT_EQUAL("!="),
        REGEX("=~"),
        NOT_REGEX("!~");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        /** The operator written {@code symbol}, or {@code null}. */
        public static Op of(String symbol) {
            for (Op op : values()) {
                if (op.symbol.equals(symbol)) {
                    return op;
                }
            }
            return null;
        }
    }

    public Matcher {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(value, "value");
    }

    /** Whether {@code labels} satisfy this matcher. */
    public boolean matches(Map<String, String> labels) {
        String actual = labels.getOrDefault(name, "");
        return switch (op) {
            case EQUAL -> actual.equals(value);
            case NOT_EQUAL -> !actual.equals(value);
            case REGEX -> Pattern.compile(value).matcher(actual).matches();
            case NOT_REGEX -> !Pattern.compile(value).matcher(actual).matches();
        };
    }
}
