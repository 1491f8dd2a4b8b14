package dev.plimsoll.benchmarks.load;

import dev.plimsoll.core.telemetry.RequestEvent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Makes a share of a block's events late: each chosen event is dated back by a random 5 to 60
 * minutes (by default) and stays where it is in the sending order, so it reaches the streams job
 * after its minute was written — what an exporter replaying its queue, or a request sent when it
 * ended, looks like. Deterministic for a seed.
 */
final class LateEvents {

    private LateEvents() {}

    /**
     * @param fraction share of the events made late, 0 to 1
     * @param min least shift back
     * @param max largest shift back (at least {@code min})
     */
    static List<RequestEvent> shift(
            List<RequestEvent> events, double fraction, Duration min, Duration max, long seed) {
        if (fraction < 0 || fraction > 1 || min.isNegative() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException(
                    "need 0 <= fraction <= 1 and 0 <= min <= max, but were "
                            + fraction
                            + ", "
                            + min
                            + ", "
                            + max);
        }
        if (fraction == 0) {
            return events;
        }
        SplittableRandom random = new SplittableRandom(seed ^ 0x1a7e_e7e7L);
        long minMicros = min.toNanos() / 1000;
        long spanMicros = max.toNanos() / 1000 - minMicros;
        List<RequestEvent> out = new ArrayList<>(events.size());
        for (RequestEvent e : events) {
            if (random.nextDouble() < fraction) {
                long back = minMicros + (spanMicros == 0 ? 0 : random.nextLong(spanMicros + 1));
                out.add(
                        new RequestEvent(
                                e.service(),
                                e.operation(),
                                e.startMicros() - back,
                                e.durationMs(),
                                e.status(),
                                e.error(),
                                e.userId(),
                                e.tenant()));
            } else {
                out.add(e);
            }
        }
        return out;
    }

    /** The earliest start of {@code events}, truncated to its minute (epoch µs). */
    static long firstMinuteMicros(List<RequestEvent> events) {
        long first = Long.MAX_VALUE;
        for (RequestEvent e : events) {
            first = Math.min(first, e.startMicros());
        }
        return Math.floorDiv(first, 60_000_000L) * 60_000_000L;
    }
}
