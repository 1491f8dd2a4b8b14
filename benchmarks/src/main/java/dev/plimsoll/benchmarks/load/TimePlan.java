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
 * event-time clock (the latest request start it has read) reaches {@code m + 1 min + grace}. An
 * event of a closed minute is not dropped (issue 13): it becomes a correction, written once the
 * clock passes the end of the minute in which the event arrived (ADR 0011). So path {@code k} gets
 * the minutes {@code [start_k, start_k + minutes)}, then one marker event per partition at {@code
 * start_k + minutes + grace} closes all of them; the next path starts in the minute after the
 * marker's, which no marker has closed. The last marker lies at or before {@code now}: every run
 * uses its own block of recent past minutes.
 *
 * <p>A run against a Plimsoll whose clock earlier runs moved past these minutes ({@code
 * previousStreamTime}) sends late events: they count all the same, as corrections, and a block's
 * marker is moved to the end of the minute the clock is in when its events arrive, so that it
 * closes their corrections too. Such markers can lie ahead of {@code now}; the job's clock moves
 * that far only with the wall clock, so those runs wait for it ({@link #aheadOf}). Earlier runs'
 * events never mix with a run's: each path names its services after the run ({@code
 * EventGenerator#named}).
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
        List<Block> blocks = layout(start, paths, events, grace);
        if (previousStreamTime.isEmpty()) {
            return new TimePlan(blocks);
        }
        // the clock when each block's events arrive: corrections close at the end of its minute
        List<Block> moved = new ArrayList<>();
        Instant clock = previousStreamTime.get();
        for (Block b : blocks) {
            Instant marker = b.marker();
            if (late(b, grace, Optional.of(clock))) {
                Instant correctionsDue = clock.truncatedTo(ChronoUnit.MINUTES).plus(MINUTE);
                if (correctionsDue.isAfter(marker)) {
                    marker = correctionsDue;
                }
            }
            moved.add(new Block(b.start(), b.end(), marker));
            if (marker.isAfter(clock)) {
                clock = marker;
            }
        }
        return new TimePlan(List.copyOf(moved));
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

    /** Whether a block's minutes are behind {@code previousStreamTime}: its events are late. */
    static boolean late(Block block, Duration grace, Optional<Instant> previousStreamTime) {
        return previousStreamTime.isPresent()
                && !block.start().plus(MINUTE).plus(grace).isAfter(previousStreamTime.get());
    }
}
