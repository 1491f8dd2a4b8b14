package dev.plimsoll.benchmarks.latency;

import java.util.SplittableRandom;

/**
 * Seeded latency data shared by the latency benchmarks and the accuracy report (the same generators
 * as core's tests): lognormal, bimodal, and log-uniform over 1 ms … 60 s (every bucket of a typical
 * minute populated, ~556 buckets).
 */
public final class LatencyData {

    private LatencyData() {}

    /** The data sets benchmarks are parameterized with. */
    public static double[] generate(String distribution, long seed, int n) {
        return switch (distribution) {
            case "lognormal" -> lognormal(seed, n);
            case "bimodal" -> bimodal(seed, n);
            case "wide" -> logUniform(seed, n, 1, 60_000);
            default -> throw new IllegalArgumentException("Unknown distribution " + distribution);
        };
    }

    /** Lognormal latencies in ms: median 40 ms, σ = 1.2 (P99 ≈ 650 ms). */
    public static double[] lognormal(long seed, int n) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = Math.exp(Math.log(40) + 1.2 * gaussian(random));
        }
        return values;
    }

    /** Bimodal latencies in ms: 85 % around 3 ms, 15 % around 900 ms, 0.5 % below 1 µs. */
    public static double[] bimodal(long seed, int n) {
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

    /** Log-uniform latencies in ms between {@code low} and {@code high}. */
    public static double[] logUniform(long seed, int n, double low, double high) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = Math.exp(Math.log(low) + random.nextDouble() * Math.log(high / low));
        }
        return values;
    }

    private static double gaussian(SplittableRandom random) {
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
