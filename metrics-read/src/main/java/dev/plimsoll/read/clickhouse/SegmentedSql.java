package dev.plimsoll.read.clickhouse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

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
     * The per-point statement for a series query: the rows of every segment, renamed to common
     * columns and combined with {@code UNION ALL}, then aggregated once per point — also for
     * one-minute steps: a minute's late events are rows of their own (ADR 0011).
     *
     * @param query the series query (tenant, service, operation, range, step)
     * @param segments its plan, not empty
     * @param columns the metric's columns
     */
    static SegmentedSql series(SeriesQuery query, List<Segment> segments, SeriesColumns columns) {
        return over(
                query,
                segments,
                columns,
                rows ->
                        "SELECT t, "
                                + columns.merge()
                                + " FROM "
                                + rows
                                + " GROUP BY t ORDER BY t");
    }

    /**
     * A statement over the rows of every segment: {@code statement} receives the parenthesized
     * {@code UNION ALL} of the segments' rows (each with its point start {@code t} and the columns
     * of {@code columns.rows}) and returns the whole statement; it may use that text more than
     * once.
     *
     * @param query the series query (tenant, service, operation, range, step)
     * @param segments its plan, or a part of it; not empty
     * @param columns the metric's columns ({@link SeriesColumns#rows} only is used)
     * @param statement builds the statement from the rows' sub-select; constants only
     */
    static SegmentedSql over(
            SeriesQuery query,
            List<Segment> segments,
            SeriesColumns columns,
            UnaryOperator<String> statement) {
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("a statement needs at least one segment");
        }
        SqlParameters parameters = new SqlParameters();
        String filter =
                "tenant = "
                        + parameters.string("tenant", query.tenant())
                        + (query.allServices()
                                ? ""
                                : " AND service = " + parameters.string("service", query.service()))
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
                            + columns.rows(r)
                            + " FROM "
                            + r.from()
                            + " WHERE "
                            + filter
                            + " AND "
                            + r.compare(">=", parameters.int64("s" + i, segment.start()))
                            + " AND "
                            + r.compare("<", parameters.int64("e" + i, segment.end())));
        }
        String rows = "(" + String.join(" UNION ALL ", selects) + ")";
        return new SegmentedSql(statement.apply(rows), parameters.values());
    }
}
