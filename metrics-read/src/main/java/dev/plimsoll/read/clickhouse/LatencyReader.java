package dev.plimsoll.read.clickhouse;

import dev.plimsoll.core.latency.LatencyHistogram;
import dev.plimsoll.read.model.LatencyPoint;
import dev.plimsoll.read.params.Quantile;

import com.clickhouse.client.api.query.GenericRecord;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Latency quantiles per point. ClickHouse adds up the latency buckets of every row in the point
 * ({@code sumMap}, exact); core's {@link LatencyHistogram#quantiles} reads the quantiles from the
 * merged buckets, so each is within {@link LatencyHistogram#RELATIVE_ACCURACY} of the exact value
 * over all the point's requests, whether the rows were minutes, hours or days. Percentiles are
 * never averaged.
 */
@Singleton
@Requires(property = "plimsoll.read.enabled", notEquals = "false")
public final class LatencyReader {

    /** Merged buckets travel as the text of a Map(Int32, UInt64), see {@link BucketsText}. */
    private static final SeriesColumns COLUMNS =
            new SeriesColumns() {
                @Override
                public String rows(Resolution resolution) {
                    return "toUInt64(count) AS c, toUInt64(errors) AS e, toUInt64(zero_count) AS z,"
                            + " toFloat64(min_ms) AS mn, toFloat64(max_ms) AS mx,"
                            + " CAST(buckets, 'Map(Int32, UInt64)') AS b, "
                            + Completeness.rows(resolution);
                }

                @Override
                public String merge() {
                    return "toInt64(sum(c)) AS count, toInt64(sum(e)) AS errors, toInt64(sum(z)) AS"
                            + " zero_count, min(mn) AS min_ms, max(mx) AS max_ms,"
                            + " toString(sumMap(b)) AS buckets, "
                            + Completeness.merge();
                }
            };

    private final ClickHouseGateway gateway;

    public LatencyReader(ClickHouseGateway gateway) {
        this.gateway = gateway;
    }

    /** The points of {@code query} with the given quantiles. */
    public SeriesReader<LatencyPoint> with(List<Quantile> quantiles) {
        return query -> read(query, quantiles);
    }

    private List<LatencyPoint> read(SeriesQuery query, List<Quantile> quantiles) {
        List<Segment> segments = query.plan();
        if (segments.isEmpty()) {
            return List.of();
        }
        SegmentedSql sql = SegmentedSql.series(query, segments, COLUMNS);
        double[] qs = quantiles.stream().mapToDouble(Quantile::value).toArray();
        List<LatencyPoint> points = new ArrayList<>();
        for (GenericRecord row : gateway.query(sql.sql(), sql.parameters())) {
            long t = row.getLong("t");
            long count = row.getLong("count");
            Map<String, Double> values = new LinkedHashMap<>();
            if (count > 0) {
                Map<Integer, Long> buckets = BucketsText.parse(row.getString("buckets"));
                double[] estimates =
                        LatencyHistogram.quantiles(
                                buckets,
                                row.getLong("zero_count"),
                                row.getDouble("min_ms"),
                                row.getDouble("max_ms"),
                                qs);
                for (int i = 0; i < qs.length; i++) {
                    values.put(quantiles.get(i).field(), estimates[i]);
                }
            } else {
                quantiles.forEach(q -> values.put(q.field(), null));
            }
            points.add(
                    new LatencyPoint(
                            query.pointTime(t),
                            count,
                            row.getLong("errors"),
                            row.getInteger("corrected") != 0,
                            values));
        }
        return points;
    }
}
