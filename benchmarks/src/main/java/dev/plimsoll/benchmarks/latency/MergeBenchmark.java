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
 * Merging one minute histogram into an hour's (the rollup step), side by side. The minute holds 20
 * 000 seeded log-uniform latencies between 1 ms and 60 s, so every implementation sees its full
 * width: 556 non-empty buckets for Plimsoll and DDSketch. {@code plimsoll} merges objects; {@code
 * plimsollFromStoredBuckets} also rebuilds the minute from its stored form ({@code fromBuckets} of
 * a {@code Map}, the way rows come back from ClickHouse) before merging.
 */
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class MergeBenchmark {

    private LatencyHistogram plimsollMinute;
    private LatencyHistogram plimsollHour;
    private Map<Integer, Long> storedBuckets;
    private DDSketch ddsketchMinute;
    private DDSketch ddsketchHour;
    private LibraryBackedHistogram libraryMinute;
    private LibraryBackedHistogram libraryHour;
    private Histogram hdrMinute;
    private Histogram hdrHour;
    private TDigest tdigestMinute;
    private TDigest tdigestHour;

    @Setup
    public void setUp() {
        double[] minute = LatencyData.logUniform(7, 20_000, 1, 60_000);
        double[] hour = LatencyData.logUniform(8, 20_000, 1, 60_000);
        plimsollMinute = new LatencyHistogram();
        plimsollHour = new LatencyHistogram();
        ddsketchMinute = newDdsketch();
        ddsketchHour = newDdsketch();
        libraryMinute = new LibraryBackedHistogram();
        libraryHour = new LibraryBackedHistogram();
        hdrMinute = new Histogram(1, 3_600_000_000L, 2);
        hdrHour = new Histogram(1, 3_600_000_000L, 2);
        tdigestMinute = new MergingDigest(100);
        tdigestHour = new MergingDigest(100);
        for (int k = 0; k < minute.length; k++) {
            plimsollMinute.record(minute[k]);
            plimsollHour.record(hour[k]);
            ddsketchMinute.accept(minute[k]);
            ddsketchHour.accept(hour[k]);
            libraryMinute.record(minute[k]);
            libraryHour.record(hour[k]);
            hdrMinute.recordValue(Math.round(minute[k] * 1000));
            hdrHour.recordValue(Math.round(hour[k] * 1000));
            tdigestMinute.add(minute[k]);
            tdigestHour.add(hour[k]);
        }
        storedBuckets = plimsollMinute.buckets();
        if (plimsollMinute.bucketCount() < 540) {
            throw new IllegalStateException("expected ~556 buckets: " + plimsollMinute);
        }
    }

    private static DDSketch newDdsketch() {
        return new DDSketch(new CubicallyInterpolatedMapping(0.01), UnboundedSizeDenseStore::new);
    }

    @Benchmark
    public long plimsoll() {
        plimsollHour.merge(plimsollMinute);
        return plimsollHour.count();
    }

    @Benchmark
    public long plimsollFromStoredBuckets() {
        plimsollHour.merge(LatencyHistogram.fromBuckets(storedBuckets, 0, 1, 1, 60_000));
        return plimsollHour.count();
    }

    @Benchmark
    public DDSketch ddsketch() {
        // Returns the sketch: DDSketch.getCount() sums the whole store and would dominate.
        ddsketchHour.mergeWith(ddsketchMinute);
        return ddsketchHour;
    }

    @Benchmark
    public long libraryBacked() {
        libraryHour.merge(libraryMinute);
        return libraryHour.count();
    }

    @Benchmark
    public long hdrHistogram() {
        hdrHour.add(hdrMinute);
        return hdrHour.getTotalCount();
    }

    @Benchmark
    public long tdigest() {
        tdigestHour.add(tdigestMinute);
        return tdigestHour.size();
    }
}
