package dev.plimsoll.core.alert.eval;

import dev.plimsoll.core.latency.LatencyHistogram;

import java.time.Instant;
import java.util.Random;
import java.util.function.LongToDoubleFunction;

/** Synthetic series for the rule tests: minutes or hours of requests with chosen latencies. */
final class Series {

    static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z"); // a Monday, midnight UTC

    private final SliceSeries series = new SliceSeries();

    SliceSeries source() {
        return series;
    }

    /** Minute {@code k} (from T0): {@code n} requests all lasting {@code ms}. */
    Series minute(long k, int n, double ms) {
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 0; i < n; i++) {
            h.record(ms);
        }
        series.add(Slice.of(T0.getEpochSecond() + 60 * k, 60, n, 0, h, n > 0 ? 1 : 0, 0));
        return this;
    }

    /** Minutes {@code [from, to)}: {@code n} requests each lasting {@code ms}. */
    Series minutes(long from, long to, int n, double ms) {
        for (long k = from; k < to; k++) {
            minute(k, n, ms);
        }
        return this;
    }

    /**
     * Hours {@code [from, to)} from T0: {@code n} lognormal latencies (σ = 0.25) per hour whose
     * median is {@code median(hour)}, seeded.
     */
    Series hours(long from, long to, int n, LongToDoubleFunction median, long seed) {
        Random random = new Random(seed);
        for (long k = from; k < to; k++) {
            LatencyHistogram h = new LatencyHistogram();
            double m = median.applyAsDouble(k);
            for (int i = 0; i < n; i++) {
                h.record(m * Math.exp(0.25 * random.nextGaussian()));
            }
            series.add(Slice.of(T0.getEpochSecond() + 3600 * k, 3600, n, 0, h, 1, 0));
        }
        return this;
    }

    static Instant minute(long k) {
        return T0.plusSeconds(60 * k);
    }

    static Instant hour(long k) {
        return T0.plusSeconds(3600 * k);
    }
}
