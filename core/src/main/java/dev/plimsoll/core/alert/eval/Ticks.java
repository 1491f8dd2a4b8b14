package dev.plimsoll.core.alert.eval;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Evaluation times: the multiples of a rule's {@code evaluateEvery} since the Unix epoch (UTC), so
 * every evaluator — and every replay or backtest — evaluates a rule at the same instants. Stateless
 * and thread-safe.
 */
public final class Ticks {

    private Ticks() {}

    /** The last evaluation time at or before {@code t}. */
    public static Instant floor(Instant t, Duration every) {
        long ms = every.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), ms) * ms);
    }

    /**
     * The evaluation times after {@code last} up to {@code horizon} (inclusive), oldest first; at
     * most {@code max} of them (the newest). Without {@code last}, only the newest.
     */
    public static List<Instant> due(Instant last, Instant horizon, Duration every, int max) {
        Instant newest = floor(horizon, every);
        List<Instant> out = new ArrayList<>();
        if (last == null) {
            out.add(newest);
            return out;
        }
        Instant first = floor(last, every).plus(every);
        if (first.isAfter(newest)) {
            return out;
        }
        long count = (newest.toEpochMilli() - first.toEpochMilli()) / every.toMillis() + 1;
        if (count > max) {
            first = newest.minus(every.multipliedBy(max - 1L));
        }
        for (Instant t = first; !t.isAfter(newest); t = t.plus(every)) {
            out.add(t);
        }
        return out;
    }

    /** The evaluation times in {@code [from, to]}, oldest first. */
    public static List<Instant> between(Instant from, Instant to, Duration every) {
        List<Instant> out = new ArrayList<>();
        Instant t = floor(from, every);
        if (t.isBefore(from)) {
            t = t.plus(every);
        }
        for (; !t.isAfter(to); t = t.plus(every)) {
            out.add(t);
        }
        return out;
    }
}
