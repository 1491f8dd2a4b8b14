package dev.plimsoll.read.clickhouse;

import dev.plimsoll.read.model.SlicePoint;

import com.clickhouse.client.api.query.GenericRecord;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every additive column of a series per point ({@link SlicePoint}): with a one-minute step the
 * stored minutes (a minute's row and its late corrections merged, ADR 0011), with a one-hour step
 * the hourly rollups (the planner picks the tables, as for every reader). The peak of a corrected
 * minute is the stored upper bound (ADR 0014). The alert evaluator reads rolling windows and
 * backtests from it: one query for a whole range, windows merged in memory, percentiles from the
 * merged buckets.
 */
@Singleton
@Requires(property = "plimsoll.read.enabled", notEquals = "false")
public final class SliceReader implements SeriesReader<SlicePoint> {

    private static final SeriesColumns COLUMNS =
            new SeriesColumns() {
                @Override
                public String rows(Resolution resolution) {
                    return "toUInt64(count) AS c, toUInt64(errors) AS e, toUInt64(zero_count) AS z,"
                            + " toFloat64(sum_ms) AS sm, toFloat64(min_ms) AS mn,"
                            + " toFloat64(max_ms) AS mx, CAST(buckets, 'Map(Int32, UInt64)') AS"
                            + " b, toUInt32(peak_inflight) AS p, toFloat64(inflight_ms) AS ms";
                }

                @Override
                public String merge() {
                    return "toInt64(sum(c)) AS count, toInt64(sum(e)) AS errors, toInt64(sum(z)) AS"
                            + " zero_count, sum(sm) AS sum_ms, min(mn) AS min_ms, max(mx) AS"
                            + " max_ms, toString(sumMap(b)) AS buckets, toInt64(max(p)) AS peak,"
                            + " sum(ms) AS inflight_ms";
                }
            };

    private final ClickHouseGateway gateway;

    public SliceReader(ClickHouseGateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public List<SlicePoint> read(SeriesQuery query) {
        List<Segment> segments = query.plan();
        if (segments.isEmpty()) {
            return List.of();
        }
        SegmentedSql sql = SegmentedSql.series(query, segments, COLUMNS);
        List<SlicePoint> points = new ArrayList<>();
        for (GenericRecord row : gateway.query(sql.sql(), sql.parameters())) {
            long count = row.getLong("count");
            Map<Integer, Long> buckets =
                    count > 0 ? BucketsText.parse(row.getString("buckets")) : Map.of();
            points.add(
                    new SlicePoint(
                            row.getLong("t"),
                            count,
                            row.getLong("errors"),
                            row.getLong("zero_count"),
                            row.getDouble("sum_ms"),
                            row.getDouble("min_ms"),
                            row.getDouble("max_ms"),
                            buckets,
                            row.getLong("peak"),
                            row.getDouble("inflight_ms")));
        }
        return points;
    }
}
