package dev.plimsoll.benchmarks.concurrency;

import dev.plimsoll.core.concurrency.ConcurrencyWindow;
import dev.plimsoll.core.concurrency.WindowConcurrency;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The concurrency sweep of one one-minute window: add {@code requests} seeded intervals (arrival
 * out of order, microsecond timestamps, lognormal durations around 40 ms, 2 % spanning into the
 * next minute) to a fresh {@link ConcurrencyWindow} and compute peak and overlap. Reported per
 * request ({@code @OperationsPerInvocation}), so the figure is the amortized cost of one event,
 * compaction and the final sweep included. {@code mergeHalves} merges two half-windows first, as
 * when partial states from a state store are combined.
 */
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class SweepBenchmark {

    private static final long MINUTE = ConcurrencyWindow.ONE_MINUTE_MICROS;
    private static final long WINDOW = 28_333_333L * MINUTE;

    @Param({"10000"})
    public int requests;

    private long[] starts;
    private long[] ends;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(3);
        starts = new long[requests];
        ends = new long[requests];
        for (int k = 0; k < requests; k++) {
            starts[k] = WINDOW - 1_000_000 + random.nextLong(MINUTE);
            double ms =
                    random.nextInt(50) == 0
                            ? 30_000 * random.nextDouble()
                            : Math.exp(Math.log(40) + 1.2 * (random.nextDouble() * 2 - 1));
            ends[k] = starts[k] + Math.round(ms * 1000);
        }
    }

    @Benchmark
    @OperationsPerInvocation(10_000)
    public WindowConcurrency addAndSweep() {
        ConcurrencyWindow window = new ConcurrencyWindow(WINDOW, MINUTE);
        for (int k = 0; k < starts.length; k++) {
            window.add(starts[k], ends[k]);
        }
        return window.result();
    }

    @Benchmark
    @OperationsPerInvocation(10_000)
    public WindowConcurrency mergeHalves() {
        ConcurrencyWindow a = new ConcurrencyWindow(WINDOW, MINUTE);
        ConcurrencyWindow b = new ConcurrencyWindow(WINDOW, MINUTE);
        for (int k = 0; k < starts.length; k++) {
            ((k & 1) == 0 ? a : b).add(starts[k], ends[k]);
        }
        a.merge(b);
        return a.result();
    }
}
