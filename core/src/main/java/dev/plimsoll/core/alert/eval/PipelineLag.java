package dev.plimsoll.core.alert.eval;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How overdue the pipeline is (ADR 0023): ingested data whose minute should be final by now but is
 * not in the store. Inputs: the end of the newest finalized minute in the store, and — per
 * partition of the request topic — the time the first record was ingested at or after that end.
 * Such a record belongs to a minute that is not final yet; it should be by the end of its ingest
 * minute plus the streams job's grace period. A record within a minute of the finalized end is
 * still allowed for (a request that started in the last finalized minute and was sent in the next
 * one). Pure and thread-safe.
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
     *     {@code finalizedEnd} (partitions without one are left out)
     * @param grace the streams job's grace period
     */
    public static Duration overdue(Instant now, Instant finalizedEnd, List<Instant> firstIngestedAfter, Duration grace) {
        Duration worst = Duration.ZERO;
        for (Instant ingested : firstIngestedAfter) {
            Instant minute = Conditions.windowEnd(ingested);
            if (!finalizedEnd.isBefore(minute.minus(MINUTE))) {
                continue; // that minute (or the one its request started in) is final
            }
            Duration late = Duration.between(minute.plus(MINUTE).plus(grace), now);
            if (late.compareTo(worst) > 0) {
                worst = late;
            }
        }
        return worst;
    }
}
