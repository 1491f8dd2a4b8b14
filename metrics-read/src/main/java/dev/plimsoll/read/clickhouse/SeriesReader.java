package dev.plimsoll.read.clickhouse;

import java.util.List;

/**
 * Reads one per-service metric as points. Each metric (requests, latency, concurrency, users; cost
 * per user and alerts later) has its reader over the same {@link SeriesQuery}, so a new metric is a
 * new reader plus a thin controller under {@code /api/v1/services/{service}/<metric>}.
 *
 * @param <P> the point type
 */
public interface SeriesReader<P> {

    /**
     * The points with data, in time order; empty when the range holds no data.
     *
     * @throws ClickHouseUnavailableException when ClickHouse is unreachable
     */
    List<P> read(SeriesQuery query);
}
