package dev.plimsoll.benchmarks.load;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where in event time each path's events go, and where its markers go.
 *
 * <p>The streams job closes the minute {@code [m, m + 1 min)} of a partition once that partition's
 * stream time (the latest request start it has read) reaches {@code m + 1 min + grace}, and drops
 * events of closed minutes. So path {@code k} gets the minutes {@code [start_k, start_k +
 * minutes)}, then one marker event per partition at {@code start_k + minutes + grace} closes all of
 * them; the next path starts in the minute after the marker's, which no marker has closed. The last
 * marker lies at or before {@code now}, unless an earlier run has already moved stream time further
 * ({@code previousStreamTime}): then the plan starts in the minute after it, and event time runs
 * ahead of the clock (the contract allows up to 24 h).
 *
 * @param blocks one block per path, in order
 */
record TimePlan(List<Block> blocks) {

    /** One path's event-time block: events in {@code [start, end)}, markers at {@code marker}. */
    record Block(Instant start, Instant end, Instant marker) {
        long startMicros() {
            return ChronoUnit.MICROS.between(Instant.EPOCH, start);
        }

        long markerMicros() {
            return ChronoUnit.MICROS.between(Instant.EPOCH, marker);
        }
    }

    static TimePlan plan(
            Instant now,
            int paths,
            int minutes,
            Duration grace,
            Optional<Instant> previousStreamTime) {
        if (paths < 1 || minutes < 1 || grace.isNegative()) {
            throw new IllegalArgumentException(
                    "paths and minutes must be >= 1 and grace >= 0, but were "
                            + paths
                            + ", "
                            + minutes
                            + ", "
                            + grace);
        }
        Duration events = Duration.ofMinutes(minutes);
        List<Block> layout = layout(Instant.EPOCH, paths, events, grace);
        Duration toLastMarker =
                Duration.between(Instant.EPOCH, layout.get(layout.size() - 1).marker());
        Instant start = now.minus(toLastMarker).truncatedTo(ChronoUnit.MINUTES);
        if (previousStreamTime.isPresent()) {
            Instant after = previousStreamTime.get().truncatedTo(ChronoUnit.MINUTES).plus(MINUTE);
            if (after.isAfter(start)) {
                start = after;
            }
        }
        return new TimePlan(layout(start, paths, events, grace));
    }

    private static final Duration MINUTE = Duration.ofMinutes(1);

    private static List<Block> layout(Instant start, int paths, Duration events, Duration grace) {
        List<Block> blocks = new ArrayList<>();
        Instant s = start;
        for (int k = 0; k < paths; k++) {
            Instant marker = s.plus(events).plus(grace);
            blocks.add(new Block(s, s.plus(events), marker));
            s = marker.truncatedTo(ChronoUnit.MINUTES).plus(MINUTE);
        }
        return List.copyOf(blocks);
    }

    /** How far the last marker lies after {@code now} (zero or negative: in the past). */
    Duration aheadOf(Instant now) {
        return Duration.between(now, blocks.get(blocks.size() - 1).marker());
    }
}
