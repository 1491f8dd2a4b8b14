package dev.plimsoll.benchmarks.load;

import dev.plimsoll.benchmarks.load.Expectations.Key;
import dev.plimsoll.benchmarks.load.Expectations.Tally;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * Compares what the API answered with what was sent. Counts and error counts must be equal; only
 * events of retried requests ({@link Expectations#allowance}) may appear more than once. Quantiles
 * must be within the API's stated relative error of the exact lower quantile (the value of rank
 * {@code floor(q (n - 1))}).
 */
final class ExactnessCheck {

    private ExactnessCheck() {}

    /** One difference between expected and observed. */
    record Mismatch(Key key, Tally expected, Tally observed, long allowance) {
        /** Fewer requests than sent: lost, or not (yet) queryable. */
        boolean missing() {
            return observed.count() < expected.count();
        }

        /** More requests than sent, beyond the retries' allowance: counted twice. */
        boolean extra() {
            return observed.count() > expected.count() + allowance;
        }

        String describe() {
            String what =
                    missing()
                            ? "missing " + (expected.count() - observed.count())
                            : extra()
                                    ? "counted twice: "
                                            + (observed.count() - expected.count())
                                            + " extra"
                                    : "errors differ";
            return String.format(
                    Locale.ROOT,
                    "%s: expected %d requests (%d errors)%s, API answered %d (%d errors) — %s",
                    key,
                    expected.count(),
                    expected.errors(),
                    allowance > 0 ? " + up to " + allowance + " retried" : "",
                    observed.count(),
                    observed.errors(),
                    what);
        }
    }

    /**
     * Every key of {@code expected} and {@code observed} whose tallies differ; keys absent from
     * {@code observed} count as zero, observed keys with no expectation must be zero.
     */
    static List<Mismatch> compare(
            Map<Key, Tally> expected, Map<Key, Tally> observed, ToLongFunction<String> allowance) {
        List<Mismatch> mismatches = new ArrayList<>();
        expected.forEach(
                (key, want) -> {
                    Tally got = observed.getOrDefault(key, Tally.ZERO);
                    long allowed = allowance.applyAsLong(key.service());
                    if (!within(want, got, allowed)) {
                        mismatches.add(new Mismatch(key, want, got, allowed));
                    }
                });
        observed.forEach(
                (key, got) -> {
                    if (!expected.containsKey(key) && got.count() + got.errors() > 0) {
                        mismatches.add(
                                new Mismatch(
                                        key,
                                        Tally.ZERO,
                                        got,
                                        allowance.applyAsLong(key.service())));
                    }
                });
        return mismatches;
    }

    private static boolean within(Tally want, Tally got, long allowed) {
        return got.count() >= want.count()
                && got.count() <= want.count() + allowed
                && got.errors() >= want.errors()
                && got.errors() <= want.errors() + allowed;
    }

    /** The exact lower quantile of sorted values: the value of rank {@code floor(q (n - 1))}. */
    static double exactQuantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        return sorted[(int) Math.floor(q * (sorted.length - 1))];
    }

    /**
     * A problem when {@code observed} is not within {@code relativeError} of the exact lower
     * quantile {@code q} of {@code sorted}.
     */
    static Optional<String> quantileProblem(
            String what, double q, double[] sorted, double observed, double relativeError) {
        double exact = exactQuantile(sorted, q);
        double error = Math.abs(observed - exact) / exact;
        if (error <= relativeError * (1 + 1e-9)) {
            return Optional.empty();
        }
        return Optional.of(
                String.format(
                        Locale.ROOT,
                        "%s: P%s %.3f ms is %.3f %% off the exact %.3f ms (allowed %.2f %%)",
                        what,
                        percent(q),
                        observed,
                        error * 100,
                        exact,
                        relativeError * 100));
    }

    /** Relative error of {@code observed} against the exact lower quantile. */
    static double relativeError(double q, double[] sorted, double observed) {
        double exact = exactQuantile(sorted, q);
        return Math.abs(observed - exact) / exact;
    }

    static String percent(double q) {
        String p = String.format(Locale.ROOT, "%.2f", q * 100);
        return p.replaceAll("\\.?0+$", "");
    }
}
