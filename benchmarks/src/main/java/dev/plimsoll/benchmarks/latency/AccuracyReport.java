package dev.plimsoll.benchmarks.latency;

import dev.plimsoll.core.latency.LatencyHistogram;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.mapping.CubicallyInterpolatedMapping;
import com.datadoghq.sketch.ddsketch.store.UnboundedSizeDenseStore;
import com.tdunning.math.stats.MergingDigest;
import com.tdunning.math.stats.TDigest;
import org.HdrHistogram.Histogram;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

/**
 * Measured relative error at P50/P95/P99 of each histogram on the benchmarks' seeded data, after
 * merging minute → hour → day, side by side: a day of 1 440 minutes × 700 latencies (1 008 000
 * events) per distribution; each minute is its own histogram, 60 minutes merge into an hour, 24
 * hours into the day. The error is {@code |estimate - exact| / exact} against the exact lower
 * quantile (rank {@code floor(q (n - 1))}) of the same events; for minutes and hours the worst over
 * all 1 440 minutes / 24 hours is shown.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.plimsoll.benchmarks.latency.AccuracyReport}. Prints a Markdown table.
 */
public final class AccuracyReport {

    private static final double[] QS = {0.50, 0.95, 0.99};
    private static final int MINUTES = 1_440;
    private static final int PER_MINUTE = 700;

    private AccuracyReport() {}

    /** One implementation: record, merge, quantile. */
    private interface Impl<H> {
        H create();

        void record(H h, double millis);

        void merge(H into, H from);

        double quantile(H h, double q);

        /** Bytes of the stored/serialized form of the day's histogram. */
        long storedBytes(H h);
    }

    private static final Impl<LatencyHistogram> PLIMSOLL =
            new Impl<>() {
                public LatencyHistogram create() {
                    return new LatencyHistogram();
                }

                public void record(LatencyHistogram h, double v) {
                    h.record(v);
                }

                public void merge(LatencyHistogram into, LatencyHistogram from) {
                    // Through the stored form, the way ClickHouse's sumMap rows come back.
                    into.merge(
                            LatencyHistogram.fromBuckets(
                                    from.buckets(),
                                    from.zeroCount(),
                                    from.sum(),
                                    from.min(),
                                    from.max()));
                }

                public double quantile(LatencyHistogram h, double q) {
                    return h.quantile(q);
                }

                public long storedBytes(LatencyHistogram h) {
                    // Map(Int32, UInt64) entries plus count, zero_count, sum, min, max
                    return 12L * h.bucketCount() + 40;
                }
            };

    private static final Impl<DDSketch> DDSKETCH =
            new Impl<>() {
                public DDSketch create() {
                    return new DDSketch(
                            new CubicallyInterpolatedMapping(0.01), UnboundedSizeDenseStore::new);
                }

                public void record(DDSketch h, double v) {
                    h.accept(v < 0.001 ? 0 : v);
                }

                public void merge(DDSketch into, DDSketch from) {
                    into.mergeWith(from);
                }

                public double quantile(DDSketch h, double q) {
                    return h.getValueAtQuantile(q);
                }

                public long storedBytes(DDSketch h) {
                    return h.serializedSize();
                }
            };

    private static final Impl<Histogram> HDR =
            new Impl<>() {
                public Histogram create() {
                    return new Histogram(1, 3_600_000_000L, 2);
                }

                public void record(Histogram h, double v) {
                    h.recordValue(Math.round(v * 1000));
                }

                public void merge(Histogram into, Histogram from) {
                    into.add(from);
                }

                public double quantile(Histogram h, double q) {
                    return h.getValueAtPercentile(q * 100) / 1000.0;
                }

                public long storedBytes(Histogram h) {
                    return h.getNeededByteBufferCapacity();
                }
            };

    private static final Impl<TDigest> TDIGEST =
            new Impl<>() {
                public TDigest create() {
                    return new MergingDigest(100);
                }

                public void record(TDigest h, double v) {
                    h.add(v);
                }

                public void merge(TDigest into, TDigest from) {
                    into.add(from);
                }

                public double quantile(TDigest h, double q) {
                    return h.quantile(q);
                }

                public long storedBytes(TDigest h) {
                    return h.byteSize();
                }
            };

    public static void main(String[] args) {
        System.out.println(
                "| data | implementation | level | P50 error | P95 error | P99 error | stored size"
                        + " of the day |");
        System.out.println("|---|---|---|---:|---:|---:|---:|");
        for (String distribution : new String[] {"lognormal", "bimodal"}) {
            double[] day = LatencyData.generate(distribution, 2024, MINUTES * PER_MINUTE);
            report(distribution, "Plimsoll LatencyHistogram", PLIMSOLL, day);
            report(distribution, "DDSketch (sketches-java)", DDSKETCH, day);
            report(distribution, "HdrHistogram (2 digits)", HDR, day);
            report(distribution, "t-digest (merging, 100)", TDIGEST, day);
        }
    }

    private static <H> void report(String distribution, String name, Impl<H> impl, double[] day) {
        double[] worstMinute = new double[QS.length];
        double[] worstHour = new double[QS.length];
        H dayHistogram = impl.create();
        for (int hour = 0; hour < 24; hour++) {
            H hourHistogram = impl.create();
            for (int minute = 0; minute < 60; minute++) {
                int from = (hour * 60 + minute) * PER_MINUTE;
                H minuteHistogram = impl.create();
                for (int k = from; k < from + PER_MINUTE; k++) {
                    impl.record(minuteHistogram, day[k]);
                }
                worst(
                        worstMinute,
                        Arrays.copyOfRange(day, from, from + PER_MINUTE),
                        q -> impl.quantile(minuteHistogram, q));
                impl.merge(hourHistogram, minuteHistogram);
            }
            int from = hour * 60 * PER_MINUTE;
            worst(
                    worstHour,
                    Arrays.copyOfRange(day, from, from + 60 * PER_MINUTE),
                    q -> impl.quantile(hourHistogram, q));
            impl.merge(dayHistogram, hourHistogram);
        }
        double[] dayError = new double[QS.length];
        worst(dayError, day, q -> impl.quantile(dayHistogram, q));
        print(distribution, name, "worst minute", worstMinute, "");
        print(distribution, name, "worst hour", worstHour, "");
        print(distribution, name, "day", dayError, impl.storedBytes(dayHistogram) + " B");
    }

    private static void worst(double[] worst, double[] values, DoubleUnaryOperator estimate) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        for (int j = 0; j < QS.length; j++) {
            double exact = sorted[(int) Math.floor(QS[j] * (sorted.length - 1))];
            double error = Math.abs(estimate.applyAsDouble(QS[j]) - exact) / exact;
            worst[j] = Math.max(worst[j], error);
        }
    }

    private static void print(
            String distribution, String name, String level, double[] e, String size) {
        System.out.printf(
                Locale.ROOT,
                "| %s | %s | %s | %.3f %% | %.3f %% | %.3f %% | %s |%n",
                distribution,
                name,
                level,
                100 * e[0],
                100 * e[1],
                100 * e[2],
                size);
    }
}
