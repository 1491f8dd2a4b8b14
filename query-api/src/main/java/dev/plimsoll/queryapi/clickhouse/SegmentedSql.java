package dev.plimsoll.queryapi.clickhouse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
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
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("tenant", query.tenant());
        parameters.put("service", query.service());
        parameters.put("operation", query.operation());
        if (query.step().isPresent()) {
            parameters.put("step", query.step().get().seconds());
        } else {
            parameters.put("origin", query.range().firstMinute());
        }
        List<String> selects = new ArrayList<>();
        for (int i = 0; i < segments.size(); i++) {
            Segment segment = segments.get(i);
            Resolution r = segment.resolution();
            parameters.put("s" + i, segment.start());
            parameters.put("e" + i, segment.end());
            String t =
                    query.step().isPresent()
                            ? "intDiv(" + r.epochSeconds() + ", {step:Int64}) * {step:Int64}"
                            : "{origin:Int64}";
            selects.add(
                    "SELECT "
                            + t
                            + " AS t, "
                            + innerColumns.apply(r)
                            + " FROM "
                            + r.from()
                            + " WHERE tenant = {tenant:String} AND service = {service:String}"
                            + " AND operation = {operation:String} AND "
                            + r.compare(">=", "s" + i)
                            + " AND "
                            + r.compare("<", "e" + i)
                            + " GROUP BY t");
        }
        String sql =
                "SELECT t, "
                        + outerColumns
                        + " FROM ("
                        + String.join(" UNION ALL ", selects)
                        + ") GROUP BY t ORDER BY t";
        return new SegmentedSql(sql, parameters);
    }
}
