package dev.plimsoll.queryapi.clickhouse;

import dev.plimsoll.queryapi.model.UsersPoint;

import com.clickhouse.client.api.query.GenericRecord;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;

/**
 * Distinct users per point, with ClickHouse's {@code uniqCombined64}: minute rows contribute their
 * user-hash arrays, rollups their stored states (the same estimator the rollup views use), and the
 * states are merged per point, so a user active in many minutes counts once. Users are stored on
 * whole-service rows only, so the query's operation must be {@code ""}.
 */
@Singleton
@Requires(property = "plimsoll.api.enabled", notEquals = "false")
public final class UsersReader implements SeriesReader<UsersPoint> {

    /** The estimator, as stated in responses. */
    public static final String ESTIMATOR = "uniqCombined64";

    /**
     * One standard error of uniqCombined64's HyperLogLog with its default 2^17 cells: 1.04 /
     * sqrt(2^17) = 0.29 %, rounded up.
     */
    public static final double RELATIVE_STANDARD_ERROR = 0.003;

    private static final SeriesColumns COLUMNS =
            new SeriesColumns() {
                @Override
                public String rows(Resolution resolution) {
                    // Minute rows hold arrays of user hashes: each becomes a state of the
                    // rollups' type (uniqCombined64ArrayState would have another type, which
                    // UNION ALL refuses to mix).
                    return resolution == Resolution.MINUTE
                            ? "arrayReduce('uniqCombined64State', users) AS u"
                            : "users AS u";
                }

                @Override
                public String merge() {
                    return "toInt64(uniqCombined64Merge(u)) AS users";
                }

                @Override
                public String passThrough() {
                    return "toInt64(finalizeAggregation(u)) AS users";
                }
            };

    private final ClickHouseGateway gateway;

    public UsersReader(ClickHouseGateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public List<UsersPoint> read(SeriesQuery query) {
        if (!query.operation().isEmpty()) {
            throw new IllegalArgumentException("users are stored for whole services only");
        }
        List<Segment> segments = query.plan();
        if (segments.isEmpty()) {
            return List.of();
        }
        SegmentedSql sql = SegmentedSql.series(query, segments, COLUMNS);
        List<UsersPoint> points = new ArrayList<>();
        for (GenericRecord row : gateway.query(sql.sql(), sql.parameters())) {
            long t = row.getLong("t");
            points.add(new UsersPoint(query.pointTime(t), row.getLong("users")));
        }
        return points;
    }
}
