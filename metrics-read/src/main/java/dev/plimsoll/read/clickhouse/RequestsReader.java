package dev.plimsoll.read.clickhouse;

import dev.plimsoll.read.model.RequestsPoint;

import com.clickhouse.client.api.query.GenericRecord;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;

/** Request and error counts per point, and how many of the requests arrived late. */
@Singleton
@Requires(property = "plimsoll.read.enabled", notEquals = "false")
public final class RequestsReader implements SeriesReader<RequestsPoint> {

    private static final SeriesColumns COLUMNS =
            new SeriesColumns() {
                @Override
                public String rows(Resolution resolution) {
                    return "toUInt64(count) AS c, toUInt64(errors) AS e, "
                            + Completeness.rows(resolution);
                }

                @Override
                public String merge() {
                    return "toInt64(sum(c)) AS count, toInt64(sum(e)) AS errors, "
                            + Completeness.merge();
                }
            };

    private final ClickHouseGateway gateway;

    public RequestsReader(ClickHouseGateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public List<RequestsPoint> read(SeriesQuery query) {
        List<Segment> segments = query.plan();
        if (segments.isEmpty()) {
            return List.of();
        }
        SegmentedSql sql = SegmentedSql.series(query, segments, COLUMNS);
        List<RequestsPoint> points = new ArrayList<>();
        for (GenericRecord row : gateway.query(sql.sql(), sql.parameters())) {
            long t = row.getLong("t");
            long count = row.getLong("count");
            long errors = row.getLong("errors");
            double seconds = query.coveredSeconds(t);
            points.add(
                    new RequestsPoint(
                            query.pointTime(t),
                            count,
                            errors,
                            count / seconds,
                            errors / seconds,
                            count == 0 ? null : (double) errors / count,
                            row.getInteger("corrected") != 0,
                            row.getLong("late_count")));
        }
        return points;
    }
}
