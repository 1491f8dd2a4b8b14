package dev.plimsoll.core.alert.eval;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How overdue the pipeline is (ADR 0023): ingested data whose minute should be final by now but is
 * not in the store. Inputs: the end {@code F} of the newest finalized minute in the store, and —
 * per partition of the request topic — the ingest time of the first record ingested at or after
 * {@code F + 1 min}. Such a record's request started in its ingest minute or the one before (a
 * request sent just after a minute boundary), both at or after {@code F}: not final yet, although
 * it should be by the end of its ingest minute plus the streams job's grace period. A record
 * ingested in the minute starting at {@code F} is not counted: its request may have started in the
 * last finalized minute. Pure and thread-safe.
 */
public final class PipelineLag {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    private PipelineLag() {}

    /**
     * How long the oldest unfinalized ingested data is past due; zero when nothing is.
     *
     * @param now the wall clock
     * @param finalizedEnd the end of the newest finalized minute ({@link Instant#EPOCH} when none)
     * @param firstIngestedAfter per partition, the ingest time of the first record at or after
     *     {@code finalizedEnd + 1 min} (partitions without one are left out)
     * @param grace the streams job's grace period
     */
    public static Duration overdue(
            Instant now, Instant finalizedEnd, List<Instant> firstIngestedAfter, Duration grace) {
        Duration worst = Duration.ZERO;
        for (Instant ingested : firstIngestedAfter) {
            Instant minute = Conditions.windowEnd(ingested);
            if (!finalizedEnd.isBefore(minute)) {
                continue; // ingested in the minute at F: its request may have started before F
            }
            Duration late = Duration.between(minute.plus(MINUTE).plus(grace), now);
            if (late.compareTo(worst) > 0) {
                worst = late;
            }
        }
        return worst;
    }
}
