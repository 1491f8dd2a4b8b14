package dev.plimsoll.read.clickhouse;

import dev.plimsoll.read.params.Step;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Chooses which tables answer a range: the coarsest rollup that fits both the step and the range's
 * alignment, with finer tables for the unaligned edges.
 *
 * <p>A rollup row may be used only if it falls entirely inside one point and inside the range. So
 * {@code service_day} serves steps that are whole days (or no step: one point for the range) and
 * only for the whole UTC days inside the range; {@code service_hour} likewise for whole hours; the
 * rest comes from {@code service_minute}. For a range 2024-05-01T10:30Z to 2024-05-04T00:00Z with
 * no step that is minutes 10:30 to 11:00, hours 11:00 to 24:00, then days 2 and 3: at most five
 * segments, contiguous and without overlap, so every minute is counted once.
 *
 * <p>Stateless and thread-safe.
 */
public final class RollupPlanner {

    private RollupPlanner() {}

    /**
     * The segments covering minutes {@code [firstMinute, endMinute)} for points of {@code step}
     * (empty: one point for the whole range).
     *
     * @param firstMinute inclusive, a multiple of 60
     * @param endMinute exclusive, a multiple of 60
     */
    public static List<Segment> plan(long firstMinute, long endMinute, Optional<Step> step) {
        List<Segment> segments = new ArrayList<>();
        if (firstMinute < endMinute) {
            plan(firstMinute, endMinute, coarsest(step), segments);
        }
        return List.copyOf(segments);
    }

    /** The coarsest resolution whose rows never straddle two points of {@code step}. */
    static Resolution coarsest(Optional<Step> step) {
        if (step.isEmpty() || step.get().seconds() % Resolution.DAY.seconds() == 0) {
            return Resolution.DAY;
        }
        if (step.get().seconds() % Resolution.HOUR.seconds() == 0) {
            return Resolution.HOUR;
        }
        return Resolution.MINUTE;
    }

    private static void plan(long start, long end, Resolution resolution, List<Segment> out) {
        if (start >= end) {
            return;
        }
        if (resolution == Resolution.MINUTE) {
            out.add(new Segment(Resolution.MINUTE, start, end));
            return;
        }
        Resolution finer = resolution == Resolution.DAY ? Resolution.HOUR : Resolution.MINUTE;
        long width = resolution.seconds();
        long alignedStart = Math.floorDiv(start + width - 1, width) * width;
        long alignedEnd = Math.floorDiv(end, width) * width;
        if (alignedStart >= alignedEnd) {
            plan(start, end, finer, out);
            return;
        }
        plan(start, alignedStart, finer, out);
        out.add(new Segment(resolution, alignedStart, alignedEnd));
        plan(alignedEnd, end, finer, out);
    }
}
