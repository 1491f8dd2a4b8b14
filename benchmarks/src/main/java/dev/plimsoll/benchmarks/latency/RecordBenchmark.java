package dev.plimsoll.benchmarks.latency;

import dev.plimsoll.core.latency.LatencyHistogram;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.mapping.CubicallyInterpolatedMapping;
import com.datadoghq.sketch.ddsketch.mapping.LogarithmicMapping;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Recording one latency (the per-event hot path), side by side: Plimsoll's {@link
 * LatencyHistogram}, sketches-java's DDSketch with the same cubic mapping and with the pure
 * logarithmic one (both on its unbounded dense store), the library-backed candidate of ADR 0001,
 * HdrHistogram (2 significant digits, µs) and t-digest (merging, compression 100). Values cycle
 * through 65 536 pre-generated seeded latencies; each histogram keeps growing, as a minute's does.
 */
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class RecordBenchmark {

    private static final int MASK = (1 << 16) - 1;

    @Param({"lognormal", "bimodal"})
    public String distribution;

    private double[] values;
    private long[] micros;
    private int i;

    private LatencyHistogram plimsoll;
    private DDSketch ddsketchCubic;
    private DDSketch ddsketchLog;
    private LibraryBackedHistogram libraryBacked;
    private Histogram hdr;
    private TDigest tdigest;

    @Setup
    public void setUp() {
        values = LatencyData.generate(distribution, 42, MASK + 1);
        micros = new long[values.length];
        for (int k = 0; k < values.length; k++) {
            micros[k] = Math.round(values[k] * 1000);
        }
        plimsoll = new LatencyHistogram();
        ddsketchCubic =
                new DDSketch(new CubicallyInterpolatedMapping(0.01), UnboundedSizeDenseStore::new);
        ddsketchLog = new DDSketch(new LogarithmicMapping(0.01), UnboundedSizeDenseStore::new);
        libraryBacked = new LibraryBackedHistogram();
        hdr = new Histogram(1, 3_600_000_000L, 2);
        tdigest = new MergingDigest(100);
    }

    private double next() {
        int k = i;
        i = (k + 1) & MASK;
        return values[k];
    }

    @Benchmark
    public long plimsoll() {
        plimsoll.record(next());
        return plimsoll.count();
    }

    @Benchmark
    public double ddsketchCubic() {
        double v = next();
        ddsketchCubic.accept(v < 0.001 ? 0 : v);
        return v;
    }

    @Benchmark
    public double ddsketchLogarithmic() {
        double v = next();
        ddsketchLog.accept(v < 0.001 ? 0 : v);
        return v;
    }

    @Benchmark
    public long libraryBacked() {
        libraryBacked.record(next());
        return libraryBacked.count();
    }

    @Benchmark
    public long hdrHistogram() {
        int k = i;
        i = (k + 1) & MASK;
        hdr.recordValue(micros[k]);
        return hdr.getTotalCount();
    }

    @Benchmark
    public double tdigest() {
        double v = next();
        tdigest.add(v);
        return v;
    }
}
