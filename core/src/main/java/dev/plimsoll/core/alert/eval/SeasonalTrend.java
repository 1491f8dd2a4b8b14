package dev.plimsoll.core.alert.eval;

import org.apache.commons.math3.distribution.NormalDistribution;

import java.util.Arrays;

/**
 * The seasonal Mann–Kendall trend test (Hirsch, Slack and Smith 1982) with the covariance
 * correction between seasons of Hirsch and Slack (1984), and the seasonal Theil–Sen slope, on
 * hourly values with the 24 hours of the day as seasons (ADR 0022).
 *
 * <p>Within each season (hour of day) every pair of days is compared: {@code S_g = Σ_{i<j} sgn(x_jg
 * − x_ig)}; {@code S = Σ_g S_g}. Under "no trend", S has mean 0 and variance {@code Σ_g Var(S_g) +
 * Σ_{g≠h} Cov(S_g, S_h)}, where {@code Var(S_g) = [n(n−1)(2n+5) − Σ_ties t(t−1)(2t+5)] / 18} and
 * the covariance is estimated from the data ({@code σ_gh = [K_gh + 4 Σ_i R_ig R_ih − n(n+1)²] / 3},
 * {@code K_gh = Σ_{i<j} sgn((x_jg − x_ig)(x_jh − x_ih))}, R the ranks within a season, missing
 * values at mid-rank). The covariance term matters: a day that is high in every hour (a busy
 * weekday) moves all seasons together, and treating them as independent would make such a day look
 * like 24 independent confirmations of a trend. The variance used is never below the
 * independent-season one (so the correction can only make the test more conservative). The
 * statistic {@code Z = (S ∓ 1) / √Var} (continuity-corrected) is compared with the standard normal
 * distribution.
 *
 * <p>The slope is the median over every season and pair of days of {@code (x_jg − x_ig) / (j − i)}:
 * change per day in the values' unit; {@link Result#relativeSlopePerDay()} divides it by the median
 * of all values. Mann–Kendall uses only the order of values, so a rank-preserving change of scale
 * (ms or s, log or not) gives the same test.
 *
 * <p>Cost: O(24² n²) for n days (n ≤ 28: under a million operations). Stateless and thread-safe.
 */
public final class SeasonalTrend {

    /** The seasons per day: hours. */
    public static final int SEASONS = 24;

    private static final NormalDistribution NORMAL = new NormalDistribution(null, 0, 1, 1e-9);

    private SeasonalTrend() {}

    /**
     * The test's outcome.
     *
     * @param days the days (values per season) in the window
     * @param values the values present
     * @param s the statistic S
     * @param variance its variance under "no trend", covariance-corrected
     * @param z the continuity-corrected normal score
     * @param pUp the one-sided p-value for a rising trend, {@code 1 − Φ(z)}
     * @param pDown the one-sided p-value for a falling trend, {@code Φ(z)}
     * @param slopePerDay the seasonal Theil–Sen slope, value units per day
     * @param level the median of the values present
     */
    public record Result(
            int days,
            int values,
            long s,
            double variance,
            double z,
            double pUp,
            double pDown,
            double slopePerDay,
            double level) {

        /**
         * The slope as a fraction of the level per day (0.01 = 1 % a day); 0 when the level is 0.
         */
        public double relativeSlopePerDay() {
            return level == 0 ? 0 : slopePerDay / Math.abs(level);
        }
    }

    /**
     * Tests hourly values for a trend.
     *
     * @param hourly values hour by hour from the window's first midnight-aligned hour ({@code NaN}
     *     = missing); its length is a whole number of days
     * @return the result
     * @throws IllegalArgumentException if the length is not a whole number of days, or fewer than
     *     two days hold a value
     */
    public static Result test(double[] hourly) {
        if (hourly.length == 0 || hourly.length % SEASONS != 0) {
            throw new IllegalArgumentException(
                    "hourly values must cover whole days, but there are " + hourly.length);
        }
        int n = hourly.length / SEASONS;
        long s = 0;
        double variance = 0;
        double[][] ranks = new double[SEASONS][n];
        int present = 0;
        for (int g = 0; g < SEASONS; g++) {
            int ng = 0;
            for (int i = 0; i < n; i++) {
                double xi = x(hourly, i, g);
                if (Double.isNaN(xi)) {
                    continue;
                }
                ng++;
                double rankSum = 0;
                for (int j = 0; j < n; j++) {
                    double xj = x(hourly, j, g);
                    if (!Double.isNaN(xj)) {
                        rankSum += Math.signum(xi - xj);
                        if (j > i) {
                            s += (long) Math.signum(xj - xi);
                        }
                    }
                }
                ranks[g][i] = rankSum;
            }
            present += ng;
            for (int i = 0; i < n; i++) {
                ranks[g][i] =
                        Double.isNaN(x(hourly, i, g)) ? (n + 1) / 2.0 : (n + 1 + ranks[g][i]) / 2.0;
            }
            variance += seasonVariance(hourly, g, n, ng);
        }
        double independent = variance;
        for (int g = 0; g < SEASONS; g++) {
            for (int h = 0; h < SEASONS; h++) {
                if (g != h) {
                    variance += covariance(hourly, ranks, g, h, n);
                }
            }
        }
        variance = Math.max(variance, independent);
        double z = 0;
        if (variance > 0 && s != 0) {
            z = (s - Math.signum(s)) / Math.sqrt(variance);
        }
        double pUp = variance > 0 ? 1 - NORMAL.cumulativeProbability(z) : 1;
        double pDown = variance > 0 ? NORMAL.cumulativeProbability(z) : 1;
        int daysWithData = 0;
        for (int i = 0; i < n; i++) {
            for (int g = 0; g < SEASONS; g++) {
                if (!Double.isNaN(x(hourly, i, g))) {
                    daysWithData++;
                    break;
                }
            }
        }
        if (daysWithData < 2) {
            throw new IllegalArgumentException("a trend needs values on at least two days");
        }
        return new Result(n, present, s, variance, z, pUp, pDown, slope(hourly, n), median(hourly));
    }

    private static double x(double[] hourly, int day, int season) {
        return hourly[day * SEASONS + season];
    }

    private static double seasonVariance(double[] hourly, int g, int n, int ng) {
        double v = ng * (ng - 1.0) * (2.0 * ng + 5) / 18.0;
        double[] values = new double[ng];
        int k = 0;
        for (int i = 0; i < n; i++) {
            double xi = x(hourly, i, g);
            if (!Double.isNaN(xi)) {
                values[k++] = xi;
            }
        }
        Arrays.sort(values);
        for (int i = 0; i < ng; ) {
            int j = i;
            while (j < ng && values[j] == values[i]) {
                j++;
            }
            int t = j - i;
            v -= t * (t - 1.0) * (2.0 * t + 5) / 18.0;
            i = j;
        }
        return v;
    }

    private static double covariance(double[] hourly, double[][] ranks, int g, int h, int n) {
        double k = 0;
        double rr = 0;
        for (int i = 0; i < n; i++) {
            rr += ranks[g][i] * ranks[h][i];
            for (int j = i + 1; j < n; j++) {
                double dg = x(hourly, j, g) - x(hourly, i, g);
                double dh = x(hourly, j, h) - x(hourly, i, h);
                if (!Double.isNaN(dg) && !Double.isNaN(dh)) {
                    k += Math.signum(dg * dh);
                }
            }
        }
        return (k + 4 * rr - n * (n + 1.0) * (n + 1.0)) / 3.0;
    }

    private static double slope(double[] hourly, int n) {
        int pairs = 0;
        double[] slopes = new double[SEASONS * n * (n - 1) / 2];
        for (int g = 0; g < SEASONS; g++) {
            for (int i = 0; i < n; i++) {
                double xi = x(hourly, i, g);
                if (Double.isNaN(xi)) {
                    continue;
                }
                for (int j = i + 1; j < n; j++) {
                    double xj = x(hourly, j, g);
                    if (!Double.isNaN(xj)) {
                        slopes[pairs++] = (xj - xi) / (j - i);
                    }
                }
            }
        }
        return pairs == 0 ? 0 : medianOf(Arrays.copyOf(slopes, pairs));
    }

    private static double median(double[] hourly) {
        return medianOf(Arrays.stream(hourly).filter(v -> !Double.isNaN(v)).toArray());
    }

    private static double medianOf(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        Arrays.sort(v);
        int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
    }
}
