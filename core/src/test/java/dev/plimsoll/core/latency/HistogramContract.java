package dev.plimsoll.core.latency;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.NoSuchElementException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The contract every latency-histogram implementation (and every path to a quantile: in memory,
 * from stored buckets, from the binary state encoding) must pass, in the spirit of sketches-java's
 * {@code QuantileSketchTest}: accuracy at every 0.01 quantile against the exact value on seeded
 * data, empty-histogram errors, merge = concatenation, encode/decode round trip, and minute → hour
 * → day merging within 1 %.
 */
abstract class HistogramContract {

    /** The relative accuracy promised by every implementation. */
    static final double ALPHA = LatencyHistogram.RELATIVE_ACCURACY;

    /**
     * A {@link LatencyHistogram} under test through one path to its quantiles and one persistence
     * path; recording, merging and the stored form are the histogram's own.
     */
    abstract static class Subject {
        final LatencyHistogram h;

        Subject(LatencyHistogram h) {
            this.h = h;
        }

        void record(double millis) {
            h.record(millis);
        }

        void merge(Subject other) {
            h.merge(other.h);
        }

        long count() {
            return h.count();
        }

        /** The stored form: bucket key → count plus the zero count. */
        Map<Integer, Long> buckets() {
            return h.buckets();
        }

        long zeroCount() {
            return h.zeroCount();
        }

        abstract double quantile(double q);

        /** A copy obtained through this path's persistence. */
        abstract Subject roundTrip();
    }

    abstract Subject create();

    private Subject recordAll(double[] values, int from, int to) {
        Subject h = create();
        for (int i = from; i < to; i++) {
            h.record(values[i]);
        }
        return h;
    }

    private static void assertAccurateAtEveryPercent(Subject h, double[] values) {
        double[] sorted = LatencyData.sorted(values);
        for (int p = 0; p <= 100; p++) {
            double q = p / 100.0;
            double exact = LatencyData.exactQuantile(sorted, q);
            double estimate = h.quantile(q);
            // Below 1 µs the guarantee is absolute (< 0.001 ms), above it relative.
            double tolerance = exact < LatencyHistogram.MIN_TRACKED_MS ? 0.001 : ALPHA * exact;
            assertThat(Math.abs(estimate - exact))
                    .as("q=%s exact=%s estimate=%s", q, exact, estimate)
                    .isLessThanOrEqualTo(tolerance * (1 + 1e-12));
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 42})
    void lognormalQuantilesAreWithinOnePercentAtEveryPercentile(long seed) {
        double[] values = LatencyData.lognormal(seed, 1_000_000);
        Subject h = recordAll(values, 0, values.length);

        assertThat(h.count()).isEqualTo(values.length);
        assertAccurateAtEveryPercent(h, values);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {7, 2024})
    void bimodalQuantilesAreWithinOnePercentAtEveryPercentile(long seed) {
        double[] values = LatencyData.bimodal(seed, 1_000_000);
        Subject h = recordAll(values, 0, values.length);

        assertAccurateAtEveryPercent(h, values);
    }

    @Test
    void emptyHistogramHasNoQuantile() {
        Subject h = create();

        assertThat(h.count()).isZero();
        assertThatThrownBy(() -> h.quantile(0.5))
                .isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void quantileOutsideZeroToOneIsRejected() {
        Subject h = create();
        h.record(5);

        for (double q : new double[] {-0.01, 1.01, Double.NaN}) {
            assertThatThrownBy(() -> h.quantile(q))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("between 0 and 1");
        }
    }

    @Test
    void singleValueIsReturnedExactlyAtEveryQuantile() {
        Subject h = create();
        h.record(123.456);

        // Clamped to the exact min and max, a single value comes back exactly.
        assertThat(h.quantile(0)).isEqualTo(123.456);
        assertThat(h.quantile(0.5)).isEqualTo(123.456);
        assertThat(h.quantile(1)).isEqualTo(123.456);
    }

    @Test
    void mergeOfPartsEqualsRecordingEverything() {
        double[] values = LatencyData.bimodal(3, 100_000);
        Subject all = recordAll(values, 0, values.length);
        Subject merged = create();
        for (int from = 0; from < values.length; from += 7_919) {
            merged.merge(recordAll(values, from, Math.min(values.length, from + 7_919)));
        }

        assertThat(merged.count()).isEqualTo(all.count());
        assertThat(merged.zeroCount()).isEqualTo(all.zeroCount());
        assertThat(merged.buckets()).isEqualTo(all.buckets());
        for (int p = 0; p <= 100; p++) {
            assertThat(merged.quantile(p / 100.0)).isEqualTo(all.quantile(p / 100.0));
        }
    }

    @Test
    void mergingAnEmptyHistogramChangesNothing() {
        Subject h = recordAll(new double[] {1, 2, 3}, 0, 3);
        Map<Integer, Long> before = h.buckets();

        h.merge(create());

        assertThat(h.count()).isEqualTo(3);
        assertThat(h.buckets()).isEqualTo(before);
    }

    @Test
    void roundTripKeepsBucketsCountsAndQuantiles() {
        double[] values = LatencyData.lognormal(11, 50_000);
        Subject h = recordAll(values, 0, values.length);

        Subject copy = h.roundTrip();

        assertThat(copy.count()).isEqualTo(h.count());
        assertThat(copy.zeroCount()).isEqualTo(h.zeroCount());
        assertThat(copy.buckets()).isEqualTo(h.buckets());
        for (int p = 0; p <= 100; p++) {
            assertThat(copy.quantile(p / 100.0)).isEqualTo(h.quantile(p / 100.0));
        }
    }

    /**
     * A day of traffic: 1 440 minute histograms merged into 24 hours and one day; every level is
     * checked at every 0.01 quantile against the exact quantile of the events it covers. The stored
     * buckets of the merged levels are also compared against a key-wise sum of the minute buckets,
     * the way ClickHouse's {@code sumMap} merges them.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"lognormal", "bimodal"})
    void mergingMinutesIntoHoursAndADayStaysWithinOnePercent(String distribution) {
        int perMinute = 400;
        double[] day =
                distribution.equals("lognormal")
                        ? LatencyData.lognormal(99, 1_440 * perMinute)
                        : LatencyData.bimodal(99, 1_440 * perMinute);
        Subject dayHistogram = create();
        Map<Integer, Long> daySumMap = new HashMap<>();
        for (int hour = 0; hour < 24; hour++) {
            Subject hourHistogram = create();
            for (int minute = 0; minute < 60; minute++) {
                int from = (hour * 60 + minute) * perMinute;
                Subject minuteHistogram = recordAll(day, from, from + perMinute);
                if (minute == 17) {
                    assertAccurateAtEveryPercent(
                            minuteHistogram, Arrays.copyOfRange(day, from, from + perMinute));
                }
                minuteHistogram.buckets().forEach((k, c) -> daySumMap.merge(k, c, Long::sum));
                hourHistogram.merge(minuteHistogram.roundTrip());
            }
            int hourFrom = hour * 60 * perMinute;
            assertAccurateAtEveryPercent(
                    hourHistogram, Arrays.copyOfRange(day, hourFrom, hourFrom + 60 * perMinute));
            dayHistogram.merge(hourHistogram.roundTrip());
        }

        assertThat(dayHistogram.count()).isEqualTo(day.length);
        assertThat(dayHistogram.buckets()).isEqualTo(daySumMap);
        assertAccurateAtEveryPercent(dayHistogram, day);
    }

    @Test
    void percentilesOfAKnownSetAreWithinOnePercent() {
        // 1..1000 ms: the exact lower P50 is 500 (rank 499.5 -> 499 -> value 500), P99 is 990.
        Subject h = create();
        for (int v = 1; v <= 1000; v++) {
            h.record(v);
        }

        assertThat(h.quantile(0.5)).isCloseTo(500, within(5.0));
        assertThat(h.quantile(0.99)).isCloseTo(990, within(9.9));
        assertThat(h.quantile(1.0)).isEqualTo(1000);
        assertThat(h.quantile(0.0)).isEqualTo(1);
    }
}
