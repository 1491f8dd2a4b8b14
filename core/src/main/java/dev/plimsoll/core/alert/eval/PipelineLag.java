package dev.plimsoll.core.alert.eval;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How far behind the pipeline is (ADR 0023): the age of the oldest record that a stage of the
 * pipeline (the streams job on the request topic, the ClickHouse sink on the minute topic) has not
 * consumed yet. A healthy stage consumes within seconds, whatever the records' event times: a
 * backfill of last week's data or an idle installation is not lag; a stage that stopped or cannot
 * keep up is. Pure and thread-safe.
 */
public final class PipelineLag {

    private PipelineLag() {}

    /**
     * How long the oldest unconsumed record has waited; zero when every stage is caught up.
     *
     * @param now the wall clock
     * @param oldestUnconsumed per stage and partition with unconsumed records, the ingest (record)
     *     time of the first of them
     */
    public static Duration overdue(Instant now, List<Instant> oldestUnconsumed) {
        Duration worst = Duration.ZERO;
        for (Instant t : oldestUnconsumed) {
            Duration waited = Duration.between(t, now);
            if (waited.compareTo(worst) > 0) {
                worst = waited;
            }
        }
        return worst;
    }
}
