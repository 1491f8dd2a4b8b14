package dev.plimsoll.read.clickhouse;

import dev.plimsoll.read.model.UsersPoint;

import com.clickhouse.client.api.query.GenericRecord;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Distinct users per point, with ClickHouse's {@code uniqCombined64}: minute rows contribute their
 * user-hash arrays, rollups their stored states (the same estimator the rollup views use), and the
 * states are merged per point, so a user active in many minutes counts once. Users are stored on
 * whole-service rows only, so the query's operation must be {@code ""}.
 *
 * <p><b>Sampled minutes</b> (more distinct users in a service-minute than the streams job's cap,
 * ADR 0002): such a minute stores only the hashes whose top {@code users_sample_shift} bits are
 * zero. A point with any of them is marked {@code sampled}. When all of its rows are minute rows,
 * it is corrected with the estimator of ADR 0002: at the point's largest shift {@code s}, the
 * hashes of its minutes whose top {@code s} bits are zero are exactly a 1-in-2<sup>s</sup> uniform
 * sample of its users (every minute kept at least those), so their distinct count times
 * 2<sup>s</sup> estimates the point's users. Rollup states cannot be filtered by hash, so a sampled
 * point that reads rollup rows keeps the uncorrected count and is marked {@code lowerBound}.
 */
@Singleton
@Requires(property = "plimsoll.read.enabled", notEquals = "false")
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
                    return (resolution == Resolution.MINUTE
                                    ? "arrayReduce('uniqCombined64State', users) AS u,"
                                            + " users_sample_shift AS sample_shift,"
                                            + " toUInt8(0) AS rollup, "
                                    : "users AS u, toUInt8(users_sample_shift) AS sample_shift,"
                                            + " toUInt8(1) AS rollup, ")
                            + Completeness.rows(resolution);
                }

                @Override
                public String merge() {
                    return "toInt64(uniqCombined64Merge(u)) AS users,"
                            + " max(sample_shift) AS shift, max(rollup) AS from_rollup, "
                            + Completeness.merge();
                }
            };

    /** Minute rows with their hashes, for the correction of sampled points. */
    private static final SeriesColumns SAMPLE_COLUMNS =
            new SeriesColumns() {
                @Override
                public String rows(Resolution resolution) {
                    if (resolution != Resolution.MINUTE) {
                        throw new IllegalArgumentException("only minute rows hold user hashes");
                    }
                    return "users AS hashes, users_sample_shift AS sample_shift";
                }

                @Override
                public String merge() {
                    throw new UnsupportedOperationException();
                }
            };

    /**
     * Per point with a sampled minute: its largest shift {@code ps}, and the distinct hashes of its
     * minutes whose top {@code ps} bits are zero. {@code h >> 1 >> (63 - ps)} is {@code h >> (64 -
     * ps)} with both shift amounts below 64.
     */
    private static String sampleStatement(String rows) {
        return "SELECT t, max(ps) AS shift,"
                + " toInt64(uniqCombined64Array(arrayFilter("
                + "h -> bitShiftRight(bitShiftRight(h, 1), 63 - ps) = 0, hashes))) AS sample"
                + " FROM "
                + rows
                + " AS r INNER JOIN (SELECT t, max(sample_shift) AS ps FROM "
                + rows
                + " GROUP BY t HAVING ps > 0) AS p USING (t)"
                + " GROUP BY t ORDER BY t";
    }

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
        List<Raw> raw = new ArrayList<>();
        boolean correctable = false;
        for (GenericRecord row : gateway.query(sql.sql(), sql.parameters())) {
            Raw r =
                    new Raw(
                            row.getLong("t"),
                            row.getLong("users"),
                            row.getInteger("shift"),
                            row.getInteger("from_rollup") != 0,
                            row.getInteger("corrected") != 0);
            correctable |= r.shift() > 0 && !r.fromRollup();
            raw.add(r);
        }
        Map<Long, long[]> samples = correctable ? samples(query, segments) : Map.of();
        List<UsersPoint> points = new ArrayList<>(raw.size());
        for (Raw r : raw) {
            String t = query.pointTime(r.t());
            long[] sample = r.fromRollup() ? null : samples.get(r.t());
            if (r.shift() == 0) {
                points.add(new UsersPoint(t, r.users(), false, 0, false, r.corrected()));
            } else if (sample != null) {
                int shift = (int) sample[0];
                points.add(
                        new UsersPoint(
                                t, scale(sample[1], shift), true, shift, false, r.corrected()));
            } else {
                points.add(new UsersPoint(t, r.users(), true, r.shift(), true, r.corrected()));
            }
        }
        return points;
    }

    /** Point start → {shift, distinct sampled hashes}, over the plan's minute segments. */
    private Map<Long, long[]> samples(SeriesQuery query, List<Segment> segments) {
        List<Segment> minutes =
                segments.stream().filter(s -> s.resolution() == Resolution.MINUTE).toList();
        Map<Long, long[]> samples = new HashMap<>();
        if (minutes.isEmpty()) {
            return samples;
        }
        SegmentedSql sql =
                SegmentedSql.over(query, minutes, SAMPLE_COLUMNS, UsersReader::sampleStatement);
        for (GenericRecord row : gateway.query(sql.sql(), sql.parameters())) {
            samples.put(
                    row.getLong("t"), new long[] {row.getInteger("shift"), row.getLong("sample")});
        }
        return samples;
    }

    /** {@code count × 2^shift}, saturating (never reached with real user counts). */
    static long scale(long count, int shift) {
        if (shift >= 63 || count > (Long.MAX_VALUE >> shift)) {
            return count == 0 ? 0 : Long.MAX_VALUE;
        }
        return count << shift;
    }

    /** One point as the first statement returns it. */
    private record Raw(long t, long users, int shift, boolean fromRollup, boolean corrected) {}
}
