package dev.plimsoll.benchmarks.load;

import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends every batch of a path with a fixed number of requests in flight: {@code concurrency}
 * threads each take the next batch, send it and wait for its acknowledgement. The first {@code
 * warmupBatches} go first and are not measured (a cold JIT on both sides); then the clock runs from
 * the first measured request to the last acknowledgement. Each acknowledged request's round trip
 * goes into an HdrHistogram (µs, 3 significant digits).
 */
final class SendRun {

    /**
     * @param measuredEvents events acknowledged after the warm-up
     * @param measuredRequests requests acknowledged after the warm-up
     * @param measuredNanos first measured request → last acknowledgement
     * @param latencyMicros round trips of the measured, acknowledged requests
     * @param firstSendNanos {@link System#nanoTime()} at the first request of all (warm-up too)
     * @param lastAckNanos {@link System#nanoTime()} at the last acknowledgement
     * @param rejected indexes of events the server rejected
     * @param retried {@code [from, to)} event ranges of failed attempts (one per attempt)
     */
    record Result(
            long measuredEvents,
            long measuredRequests,
            long measuredNanos,
            long measuredBytes,
            Histogram latencyMicros,
            long firstSendNanos,
            long lastAckNanos,
            BitSet rejected,
            List<int[]> retried) {

        double eventsPerSecond() {
            return measuredEvents / (measuredNanos / 1e9);
        }

        long failedAttempts() {
            return retried.size();
        }
    }

    private SendRun() {}

    static Result run(
            BatchSender sender,
            Batches batches,
            long[] bodyBytes,
            int concurrency,
            int warmupBatches,
            PrintStream progress)
            throws Exception {
        int total = batches.count();
        int warm = Math.min(warmupBatches, total);
        State state = new State(batches, bodyBytes);
        long first = System.nanoTime();
        if (warm > 0) {
            progress.printf(
                    Locale.ROOT,
                    "  %s: warm-up, %d events in %d requests%n",
                    sender.name(),
                    batches.to(warm - 1),
                    warm);
            runRange(sender, state, 0, warm, concurrency, null, progress);
        }
        state.reset();
        long start = System.nanoTime();
        runRange(sender, state, warm, total, concurrency, state.histogram(), progress);
        long end = state.lastAck.get();
        return new Result(
                state.events.get(),
                state.requests.get(),
                end - start,
                state.bytes.get(),
                state.histogram(),
                first,
                end,
                state.rejected,
                List.copyOf(state.retried));
    }

    private static final class State {
        final Batches batches;
        final long[] bodyBytes;
        final AtomicLong events = new AtomicLong();
        final AtomicLong requests = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong lastAck = new AtomicLong();
        final BitSet rejected = new BitSet();
        final List<int[]> retried = new ArrayList<>();
        final List<Histogram> histograms = new ArrayList<>();

        State(Batches batches, long[] bodyBytes) {
            this.batches = batches;
            this.bodyBytes = bodyBytes;
        }

        void reset() {
            events.set(0);
            requests.set(0);
            bytes.set(0);
        }

        synchronized Histogram newHistogram() {
            Histogram h = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
            histograms.add(h);
            return h;
        }

        synchronized Histogram histogram() {
            Histogram all = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
            histograms.forEach(all::add);
            return all;
        }

        synchronized void record(int batch, BatchSender.Outcome outcome) {
            int from = batches.from(batch);
            for (int i : outcome.rejectedIndexes()) {
                rejected.set(from + i);
            }
            for (int k = 0; k < outcome.failedAttempts(); k++) {
                retried.add(new int[] {from, batches.to(batch)});
            }
        }
    }

    private static void runRange(
            BatchSender sender,
            State state,
            int from,
            int to,
            int concurrency,
            Histogram measured,
            PrintStream progress)
            throws Exception {
        AtomicInteger next = new AtomicInteger(from);
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            Histogram mine = measured == null ? null : state.newHistogram();
            Thread thread =
                    new Thread(
                            () -> {
                                try {
                                    for (int b = next.getAndIncrement();
                                            b < to && failure.get() == null;
                                            b = next.getAndIncrement()) {
                                        long t0 = System.nanoTime();
                                        BatchSender.Outcome outcome = sender.send(b);
                                        long t1 = System.nanoTime();
                                        state.lastAck.accumulateAndGet(t1, Math::max);
                                        if (mine != null) {
                                            mine.recordValue(
                                                    Math.min(
                                                            (t1 - t0) / 1000,
                                                            mine.getHighestTrackableValue()));
                                        }
                                        state.events.addAndGet(outcome.accepted());
                                        state.requests.incrementAndGet();
                                        if (state.bodyBytes != null) {
                                            state.bytes.addAndGet(state.bodyBytes[b]);
                                        }
                                        state.record(b, outcome);
                                    }
                                } catch (Exception e) {
                                    failure.compareAndSet(null, e);
                                }
                            },
                            "load-"
                                    + sender.name().split(" ")[0].toLowerCase(Locale.ROOT)
                                    + "-"
                                    + t);
            thread.start();
            threads.add(thread);
        }
        long started = System.nanoTime();
        long lastPrint = started;
        long total = state.batches.to(to - 1) - state.batches.from(from);
        for (Thread thread : threads) {
            while (thread.isAlive()) {
                thread.join(500);
                long now = System.nanoTime();
                if (measured != null && now - lastPrint >= TimeUnit.SECONDS.toNanos(5)) {
                    lastPrint = now;
                    long done = state.events.get();
                    progress.printf(
                            Locale.ROOT,
                            "  %s: %,d / %,d events acknowledged, %,.0f events/s%n",
                            sender.name(),
                            done,
                            total,
                            done / ((now - started) / 1e9));
                }
            }
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }
}
