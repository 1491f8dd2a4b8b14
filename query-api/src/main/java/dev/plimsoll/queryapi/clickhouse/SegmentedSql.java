package dev.plimsoll.queryapi.clickhouse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds one SQL statement over the segments of a plan: a sub-select per segment, aggregated to
 * points, merged by an outer {@code GROUP BY t}. All values travel as server-side query parameters
 * ({@code {name:Type}}); the SQL text is assembled only from constants of this package.
 *
 * @param sql the statement
 * @param parameters the values of its {@code {name:Type}} placeholders
 */
record SegmentedSql(String sql, Map<String, Object> parameters) {

    /**
     * The per-point statement for a series query.
     *
     * @param query the series query (tenant, service, operation, range, step)
     * @param segments its plan, not empty
     * @param innerColumns per table: aggregate columns of one segment's points, after {@code t}
     * @param outerColumns merge of the segment columns, after {@code t}
     */
    static SegmentedSql series(
            SeriesQuery query,
            List<Segment> segments,
            Function<Resolution, String> innerColumns,
            String outerColumns) {
        SqlParameters parameters = new SqlParameters();
        String filter =
                "tenant = "
                        + parameters.string("tenant", query.tenant())
                        + " AND service = "
                        + parameters.string("service", query.service())
                        + " AND operation = "
                        + parameters.string("operation", query.operation());
        String step =
                query.step().isPresent()
                        ? parameters.int64("step", query.step().get().seconds())
                        : null;
        String origin =
                step == null ? parameters.int64("origin", query.range().firstMinute()) : null;
        List<String> selects = new ArrayList<>();
        for (int i = 0; i < segments.size(); i++) {
            Segment segment = segments.get(i);
            Resolution r = segment.resolution();
            String t =
                    step == null
                            ? origin
                            : "intDiv(" + r.epochSeconds() + ", " + step + ") * " + step;
            selects.add(
                    "SELECT "
                            + t
                            + " AS t, "
                            + innerColumns.apply(r)
                            + " FROM "
                            + r.from()
                            + " WHERE "
                            + filter
                            + " AND "
                            + r.compare(">=", parameters.int64("s" + i, segment.start()))
                            + " AND "
                            + r.compare("<", parameters.int64("e" + i, segment.end()))
                            + " GROUP BY t");
        }
        String sql =
                "SELECT t, "
                        + outerColumns
                        + " FROM ("
                        + String.join(" UNION ALL ", selects)
                        + ") GROUP BY t ORDER BY t";
        return new SegmentedSql(sql, parameters.values());
    }
}
