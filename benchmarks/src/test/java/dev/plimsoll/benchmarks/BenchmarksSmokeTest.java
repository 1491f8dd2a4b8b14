package dev.plimsoll.benchmarks;

import dev.plimsoll.benchmarks.aggregate.PreAggregateBenchmark;
import dev.plimsoll.benchmarks.concurrency.SweepBenchmark;
import dev.plimsoll.benchmarks.latency.LatencyData;
import dev.plimsoll.benchmarks.latency.MergeBenchmark;
import dev.plimsoll.benchmarks.latency.QuantileBenchmark;
import dev.plimsoll.benchmarks.latency.RecordBenchmark;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs each benchmark body a few times outside JMH so that the benchmarks keep compiling and
 * measuring what they claim. No timing is asserted: speed is judged by the JMH run itself.
 */
class BenchmarksSmokeTest {

    @Test
    void recordBenchmarksRecordEveryValue() {
        RecordBenchmark b = new RecordBenchmark();
        b.distribution = "bimodal";
        b.setUp();
        long count = 0;
        for (int k = 0; k < 1_000; k++) {
            count = b.plimsoll();
            b.ddsketchCubic();
            b.ddsketchLogarithmic();
            b.libraryBacked();
            b.hdrHistogram();
            b.tdigest();
        }

        assertThat(count).isEqualTo(1_000);
    }

    @Test
    void mergeBenchmarksMergeAWholeMinute() {
        MergeBenchmark b = new MergeBenchmark();
        b.setUp();

        assertThat(b.plimsoll()).isEqualTo(40_000);
        assertThat(b.plimsollFromStoredBuckets()).isEqualTo(60_000);
        assertThat(b.ddsketch().getCount()).isEqualTo(40_000);
        assertThat(b.libraryBacked()).isEqualTo(40_000);
        assertThat(b.hdrHistogram()).isEqualTo(40_000);
        assertThat(b.tdigest()).isEqualTo(40_000);
    }

    @Test
    void quantileBenchmarksAnswerTheP99() {
        QuantileBenchmark b = new QuantileBenchmark();
        b.setUp();
        double[] sorted = LatencyData.logUniform(7, 20_000, 1, 60_000);
        Arrays.sort(sorted);
        double exactP99 = sorted[(int) Math.floor(0.99 * (sorted.length - 1))];

        assertThat(Math.abs(b.plimsoll() - exactP99)).isLessThanOrEqualTo(0.01 * exactP99);
        assertThat(b.plimsollFromStoredBuckets()[2]).isEqualTo(b.plimsoll());
        assertThat(b.ddsketch())
                .isCloseTo(exactP99, org.assertj.core.data.Percentage.withPercentage(1));
        assertThat(b.hdrHistogram() / 1000.0)
                .isCloseTo(exactP99, org.assertj.core.data.Percentage.withPercentage(1));
        assertThat(b.tdigest())
                .isCloseTo(exactP99, org.assertj.core.data.Percentage.withPercentage(5));
    }

    @Test
    void sweepBenchmarksAgree() {
        SweepBenchmark b = new SweepBenchmark();
        b.requests = 10_000;
        b.setUp();

        assertThat(b.mergeHalves()).isEqualTo(b.addAndSweep());
        assertThat(b.addAndSweep().peakInFlight()).isPositive();
    }

    @Test
    void preAggregationRoutesEvents() {
        PreAggregateBenchmark b = new PreAggregateBenchmark();
        b.setUp();
        int size = 0;
        for (int k = 0; k < 1_000; k++) {
            size = b.route();
        }

        assertThat(size).isGreaterThan(100);
    }
}
