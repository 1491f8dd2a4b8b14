package dev.plimsoll.core.latency;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Seeded latency data sets shared by the histogram tests, and exact quantiles over them. */
final class LatencyData {

    private LatencyData() {}

    /** Lognormal latencies in ms: median 40 ms, σ = 1.2 (P99 ≈ 650 ms). */
    static double[] lognormal(long seed, int n) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = Math.exp(Math.log(40) + 1.2 * gaussian(random));
        }
        return values;
    }

    /**
     * Bimodal latencies in ms: 85 % cache hits around 3 ms, 15 % slow path around 900 ms, plus 0.5
     * % of sub-microsecond durations (zero bucket).
     */
    static double[] bimodal(long seed, int n) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            double u = random.nextDouble();
            if (u < 0.005) {
                values[i] = random.nextDouble() * 0.001;
            } else if (u < 0.85) {
                values[i] = Math.exp(Math.log(3) + 0.4 * gaussian(random));
            } else {
                values[i] = Math.exp(Math.log(900) + 0.3 * gaussian(random));
            }
        }
        return values;
    }

    private static double gaussian(SplittableRandom random) {
        // Box–Muller; SplittableRandom has no nextGaussian on Java 17.
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** The exact lower quantile: the value of 0-based rank floor(q (n - 1)) in sorted order. */
    static double exactQuantile(double[] sorted, double q) {
        return sorted[(int) Math.floor(q * (sorted.length - 1))];
    }

    static double[] sorted(double[] values) {
        double[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }
}
