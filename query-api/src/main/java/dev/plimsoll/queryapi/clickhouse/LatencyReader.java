package dev.plimsoll.queryapi.clickhouse;

import dev.plimsoll.core.latency.LatencyHistogram;
import dev.plimsoll.queryapi.model.LatencyPoint;
import dev.plimsoll.queryapi.params.Quantile;

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
@Requires(property = "plimsoll.api.enabled", notEquals = "false")
public final class LatencyReader {

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
        SegmentedSql sql =
                SegmentedSql.series(
                        query,
                        segments,
                        r ->
                                "toInt64(sum(count)) AS c, toInt64(sum(errors)) AS e,"
                                        + " toInt64(sum(zero_count)) AS z, min(min_ms) AS mn,"
                                        + " max(max_ms) AS mx, sumMap(buckets) AS b",
                        "sum(c) AS count, sum(e) AS errors, sum(z) AS zero_count, min(mn) AS"
                                + " min_ms, max(mx) AS max_ms, sumMap(b) AS buckets");
        double[] qs = quantiles.stream().mapToDouble(Quantile::value).toArray();
        List<LatencyPoint> points = new ArrayList<>();
        for (GenericRecord row : gateway.query(sql.sql(), sql.parameters())) {
            long t = row.getLong("t");
            long count = row.getLong("count");
            Map<String, Double> values = new LinkedHashMap<>();
            if (count > 0) {
                @SuppressWarnings("unchecked")
                Map<Integer, ? extends Number> buckets =
                        (Map<Integer, ? extends Number>) row.getObject("buckets");
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
            points.add(new LatencyPoint(query.pointTime(t), count, row.getLong("errors"), values));
        }
        return points;
    }
}
