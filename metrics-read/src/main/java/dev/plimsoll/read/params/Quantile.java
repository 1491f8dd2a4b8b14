package dev.plimsoll.read.params;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A requested quantile and the name of its field in latency points: {@code 0.95} is {@code p95},
 * {@code 0.999} is {@code p99_9} (an underscore, not a dot, so that JSON path tools such as
 * Grafana's can select it).
 *
 * @param value between 0 and 1 inclusive, at most 4 decimals
 * @param field the point field, {@code p<percent>}
 */
public record Quantile(double value, String field) {

    /** The quantiles returned when the request names none. */
    public static final String DEFAULT = "0.5,0.95,0.99";

    /** At most this many quantiles per request. */
    public static final int MAX_COUNT = 20;

    private static final Pattern SYNTAX = Pattern.compile("0(\\.[0-9]{1,4})?|1(\\.0{1,4})?");

    /**
     * Parses a comma-separated list such as {@code 0.5,0.95,0.99}; duplicates are dropped, order is
     * kept.
     *
     * @throws IllegalArgumentException with a sentence suitable for the {@code quantiles} parameter
     */
    public static List<Quantile> parseList(String text) {
        Map<String, Quantile> byField = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        for (String item : text.split(",", -1)) {
            String token = item.strip();
            if (!SYNTAX.matcher(token).matches()) {
                unknown.add("'" + token + "'");
                continue;
            }
            Quantile quantile = of(token);
            byField.putIfAbsent(quantile.field(), quantile);
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(
                    String.join(", ", unknown)
                            + (unknown.size() == 1
                                    ? " is not a known quantile"
                                    : " are not known quantiles")
                            + "; use numbers from 0 to 1 with at most 4 decimals, such as"
                            + " 0.5,0.95,0.99.");
        }
        if (byField.size() > MAX_COUNT) {
            throw new IllegalArgumentException(
                    "at most "
                            + MAX_COUNT
                            + " quantiles per request, but "
                            + byField.size()
                            + " were asked for.");
        }
        return List.copyOf(byField.values());
    }

    private static Quantile of(String token) {
        BigDecimal value = new BigDecimal(token);
        String percent = value.movePointRight(2).stripTrailingZeros().toPlainString();
        return new Quantile(value.doubleValue(), "p" + percent.replace('.', '_'));
    }
}
