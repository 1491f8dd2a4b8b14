package dev.plimsoll.benchmarks.load;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * Samples the streams job's consumer lag on the input topic every {@code periodMs} in a background
 * thread. With exactly-once processing the job commits its offsets once per commit interval (1 s by
 * default), so the lag moves in steps of that interval.
 */
final class LagSampler implements AutoCloseable {

    /** A sample: {@link System#nanoTime()} and the lag then. */
    record Sample(long nanos, long lag) {}

    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    LagSampler(Supplier<OptionalLong> lag, long periodMs) {
        this.thread =
                new Thread(
                        () -> {
                            while (running) {
                                OptionalLong l = lag.get();
                                if (l.isPresent()) {
                                    synchronized (samples) {
                                        samples.add(new Sample(System.nanoTime(), l.getAsLong()));
                                    }
                                }
                                try {
                                    Thread.sleep(periodMs);
                                } catch (InterruptedException e) {
                                    return;
                                }
                            }
                        },
                        "load-lag-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    /** The last sample taken at or before {@code nanos}. */
    OptionalLong lagAt(long nanos) {
        synchronized (samples) {
            long lag = -1;
            for (Sample s : samples) {
                if (s.nanos() <= nanos) {
                    lag = s.lag();
                }
            }
            return lag < 0 ? OptionalLong.empty() : OptionalLong.of(lag);
        }
    }

    /** The largest lag sampled. */
    OptionalLong max() {
        synchronized (samples) {
            return samples.stream().mapToLong(Sample::lag).max();
        }
    }

    /** The first sample after {@code nanos} with no lag: when the job had read everything. */
    OptionalLong caughtUpAfter(long nanos) {
        synchronized (samples) {
            return samples.stream()
                    .filter(s -> s.nanos() >= nanos && s.lag() == 0)
                    .mapToLong(Sample::nanos)
                    .findFirst();
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
