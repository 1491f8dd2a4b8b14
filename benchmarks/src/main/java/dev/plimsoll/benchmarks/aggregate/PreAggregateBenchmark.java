package dev.plimsoll.benchmarks.aggregate;

import dev.plimsoll.core.aggregate.ServiceMinutePreAggregator;
import dev.plimsoll.core.telemetry.RequestEvent;

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

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The pre-aggregation step of the streams job: routing one {@link RequestEvent} into its
 * per-(tenant, service, operation, minute) in-memory aggregates (up to four rows: histogram,
 * counts, concurrency, users on whole-service rows). 65 536 pre-generated seeded events: 8 services
 * × 6 operations, 70 % with one of 4 tenants, 5 000 users, lognormal latencies, starts spread over
 * 3 minutes. The pre-aggregator is drained every 65 536 events (as on a commit), which is included
 * in the figure.
 */
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class PreAggregateBenchmark {

    private static final int MASK = (1 << 16) - 1;
    private static final long T0 = 1_700_000_040L * 1_000_000L;

    private RequestEvent[] events;
    private ServiceMinutePreAggregator pre;
    private int i;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(11);
        events = new RequestEvent[MASK + 1];
        for (int k = 0; k < events.length; k++) {
            String service = "service-" + random.nextInt(8);
            String operation = "GET /resource/" + random.nextInt(6) + "/{id}";
            String tenant = random.nextInt(10) < 7 ? "tenant-" + random.nextInt(4) : null;
            double ms = Math.exp(Math.log(40) + 1.2 * (random.nextDouble() * 2 - 1));
            long start = T0 + random.nextLong(3 * 60_000_000L);
            boolean error = random.nextInt(100) == 0;
            events[k] =
                    new RequestEvent(
                            service,
                            operation,
                            start,
                            ms,
                            error ? 500 : 200,
                            error,
                            "user-" + random.nextInt(5_000),
                            tenant);
        }
        pre = new ServiceMinutePreAggregator();
    }

    @Benchmark
    public int route() {
        int k = i;
        i = (k + 1) & MASK;
        if (k == 0) {
            pre.drain();
        }
        pre.add(events[k]);
        return pre.size();
    }
}
