package dev.plimsoll.benchmarks.latency;

import dev.plimsoll.core.latency.LatencyHistogram;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.mapping.CubicallyInterpolatedMapping;
import com.datadoghq.sketch.ddsketch.store.UnboundedSizeDenseStore;
import com.tdunning.math.stats.MergingDigest;
import com.tdunning.math.stats.TDigest;
import org.HdrHistogram.Histogram;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * P99 of a filled histogram (what the API and alerts ask for), side by side. The histogram holds 20
 * 000 seeded log-uniform latencies between 1 ms and 60 s (556 buckets). {@code
 * plimsollFromStoredBuckets} is the API's path: P50/P95/P99 at once straight from a {@code sumMap}
 * result ({@code Map<Integer, Long>}), without building a histogram.
 */
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class QuantileBenchmark {

    private LatencyHistogram plimsoll;
    private Map<Integer, Long> stored;
    private DDSketch ddsketch;
    private Histogram hdr;
    private TDigest tdigest;

    @Setup
    public void setUp() {
        double[] values = LatencyData.logUniform(7, 20_000, 1, 60_000);
        plimsoll = new LatencyHistogram();
        ddsketch =
                new DDSketch(new CubicallyInterpolatedMapping(0.01), UnboundedSizeDenseStore::new);
        hdr = new Histogram(1, 3_600_000_000L, 2);
        tdigest = new MergingDigest(100);
        for (double v : values) {
            plimsoll.record(v);
            ddsketch.accept(v);
            hdr.recordValue(Math.round(v * 1000));
            tdigest.add(v);
        }
        stored = plimsoll.buckets();
    }

    @Benchmark
    public double plimsoll() {
        return plimsoll.quantile(0.99);
    }

    @Benchmark
    public double[] plimsollFromStoredBuckets() {
        return LatencyHistogram.quantiles(stored, 0, 1, 60_000, 0.5, 0.95, 0.99);
    }

    @Benchmark
    public double ddsketch() {
        return ddsketch.getValueAtQuantile(0.99);
    }

    @Benchmark
    public long hdrHistogram() {
        return hdr.getValueAtPercentile(99.0);
    }

    @Benchmark
    public double tdigest() {
        return tdigest.quantile(0.99);
    }
}
