package dev.plimsoll.core.alert.rule;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values rules write: metric values in the form of their {@link ValueKind} and percentages.
 * Every value is an exact decimal. Stateless and thread-safe.
 */
public final class Quantities {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);
    private static final BigDecimal MINUTE_MS = BigDecimal.valueOf(60_000);
    private static final Pattern DECIMAL = Pattern.compile("\\d{1,15}(\\.\\d{1,15})?");
    private static final Pattern DURATION =
            Pattern.compile("(\\d{1,15}(?:\\.\\d{1,15})?)\\s*(us|µs|ms|s|m)?");
    private static final Pattern PERCENT = Pattern.compile("(\\d{1,15}(?:\\.\\d{1,15})?)\\s*%");

    private Quantities() {}

    /**
     * A metric value written as {@code text} (a JSON number arrives as its exact text), in the unit
     * of {@code kind}: milliseconds for durations, a fraction for ratios.
     *
     * @return the value, or empty when the text is not a non-negative value of that kind
     */
    public static Optional<BigDecimal> value(ValueKind kind, String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.trim();
        switch (kind) {
            case DURATION -> {
                Matcher m = DURATION.matcher(t);
                if (!m.matches()) {
                    return Optional.empty();
                }
                BigDecimal n = new BigDecimal(m.group(1));
                String unit = m.group(2) == null ? "ms" : m.group(2);
                return Optional.of(
                        normalize(
                                switch (unit) {
                                    case "us", "µs" -> n.divide(THOUSAND);
                                    case "s" -> n.multiply(THOUSAND);
                                    case "m" -> n.multiply(MINUTE_MS);
                                    default -> n;
                                }));
            }
            case RATIO -> {
                Optional<BigDecimal> percent = percent(t);
                BigDecimal v =
                        percent.orElse(DECIMAL.matcher(t).matches() ? new BigDecimal(t) : null);
                if (v == null || v.compareTo(BigDecimal.ONE) > 0) {
                    return Optional.empty();
                }
                return Optional.of(normalize(v));
            }
            default -> {
                if (!DECIMAL.matcher(t).matches()) {
                    return Optional.empty();
                }
                return Optional.of(
                        kind == ValueKind.MONEY ? new BigDecimal(t) : normalize(new BigDecimal(t)));
            }
        }
    }

    /**
     * A percentage written {@code 20%} or as a plain number of percent ({@code 20}), as a fraction
     * (0.2).
     */
    public static Optional<BigDecimal> percentOrNumber(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.trim();
        Optional<BigDecimal> p = percent(t);
        if (p.isPresent()) {
            return p;
        }
        return DECIMAL.matcher(t).matches()
                ? Optional.of(normalize(new BigDecimal(t).divide(HUNDRED)))
                : Optional.empty();
    }

    private static Optional<BigDecimal> percent(String t) {
        Matcher m = PERCENT.matcher(t);
        return m.matches()
                ? Optional.of(normalize(new BigDecimal(m.group(1)).divide(HUNDRED)))
                : Optional.empty();
    }

    /** The canonical text of a metric value: {@code 300ms}, {@code 0.05}, {@code 12.50}. */
    public static String format(ValueKind kind, BigDecimal value) {
        String plain =
                kind == ValueKind.MONEY ? value.toPlainString() : normalize(value).toPlainString();
        return kind == ValueKind.DURATION ? plain + "ms" : plain;
    }

    /** The canonical text of a fraction as a percentage: 0.005 → {@code 0.5%}. */
    public static String formatPercent(BigDecimal fraction) {
        return normalize(fraction.multiply(HUNDRED)).toPlainString() + "%";
    }

    /** Without trailing zeros, never in exponent form, scale at least 0. */
    public static BigDecimal normalize(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0, RoundingMode.UNNECESSARY) : s;
    }
}
