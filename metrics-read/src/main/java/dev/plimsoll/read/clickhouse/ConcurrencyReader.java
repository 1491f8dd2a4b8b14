package dev.plimsoll.read.clickhouse;

import dev.plimsoll.read.model.ConcurrencyPoint;

import com.clickhouse.client.api.query.GenericRecord;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;

/**
 * Peak and time-weighted mean in-flight requests per point: the peak is the maximum of the minute
 * peaks (a maximum of maxima is exact); the mean is the summed in-flight milliseconds divided by
 * the point's length inside the range, so idle minutes weigh in as zero (exact with late
 * corrections too: in-flight time adds up). A minute with corrections stores an upper bound of its
 * peak (ADR 0011): the point says so with {@code peakUpperBound}.
 */
@Singleton
@Requires(property = "plimsoll.read.enabled", notEquals = "false")
public final class ConcurrencyReader implements SeriesReader<ConcurrencyPoint> {

    private static final SeriesColumns COLUMNS =
            new SeriesColumns() {
                @Override
                public String rows(Resolution resolution) {
                    return "toUInt32(peak_inflight) AS p, toFloat64(inflight_ms) AS ms, "
                            + Completeness.rows(resolution);
                }

                @Override
                public String merge() {
                    return "toInt64(max(p)) AS peak, sum(ms) AS inflight_ms, "
                            + Completeness.merge();
                }
            };

    private final ClickHouseGateway gateway;

    public ConcurrencyReader(ClickHouseGateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public List<ConcurrencyPoint> read(SeriesQuery query) {
        List<Segment> segments = query.plan();
        if (segments.isEmpty()) {
            return List.of();
        }
        SegmentedSql sql = SegmentedSql.series(query, segments, COLUMNS);
        List<ConcurrencyPoint> points = new ArrayList<>();
        for (GenericRecord row : gateway.query(sql.sql(), sql.parameters())) {
            long t = row.getLong("t");
            double mean = row.getDouble("inflight_ms") / (query.coveredSeconds(t) * 1000.0);
            points.add(
                    new ConcurrencyPoint(
                            query.pointTime(t),
                            row.getLong("peak"),
                            mean,
                            row.getInteger("corrected") != 0,
                            row.getInteger("peak_upper_bound") != 0));
        }
        return points;
    }
}
