package dev.plimsoll.streams.sink;

/**
 * Counters of a running {@link ClickHouseSink} since it started.
 *
 * @param rowsInserted rows stored in {@code service_minute}
 * @param batchesInserted {@code INSERT} statements that succeeded
 * @param recordsSkipped records that were not service-minute rows (logged, then skipped)
 * @param insertFailures failed {@code INSERT} attempts (each is retried)
 */
public record SinkStats(
        long rowsInserted, long batchesInserted, long recordsSkipped, long insertFailures) {}
