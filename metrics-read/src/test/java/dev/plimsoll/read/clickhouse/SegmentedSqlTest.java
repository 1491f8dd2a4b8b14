package dev.plimsoll.read.clickhouse;

import dev.plimsoll.read.params.Step;
import dev.plimsoll.read.params.TimeRange;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class SegmentedSqlTest {

    private static final String SERVICE = "orders'); DROP TABLE service_minute; --";
    private static final String OPERATION = "GET /a\\b\t{x:String}";

    private static final SeriesColumns COLUMNS =
            new SeriesColumns() {
                @Override
                public String rows(Resolution resolution) {
                    return "count AS c";
                }

                @Override
                public String merge() {
                    return "sum(c) AS count";
                }
            };

    @Test
    void valuesNeverEnterTheSqlText() {
        SeriesQuery query = query(Optional.of(Step.parse("1h")));

        SegmentedSql sql = SegmentedSql.series(query, query.plan(), COLUMNS);

        assertThat(sql.sql())
                .doesNotContain("orders")
                .doesNotContain("DROP")
                .doesNotContain("GET /a")
                .doesNotContain("acme")
                .contains("tenant = unhex({tenant:String})")
                .contains("service = unhex({service:String})")
                .contains("operation = unhex({operation:String})");
        assertThat(sql.parameters())
                .containsEntry("service", hex(SERVICE))
                .containsEntry("operation", hex(OPERATION))
                .containsEntry("tenant", hex("acme"))
                .containsEntry("step", 3600L);
    }

    @Test
    void oneSubSelectPerSegmentWithItsOwnBounds() {
        SeriesQuery query = query(Optional.empty());

        SegmentedSql sql = SegmentedSql.series(query, query.plan(), COLUMNS);

        // 10:30 .. D+2 00:00: minutes to 11:00, hours to midnight, then one day.
        assertThat(query.plan())
                .extracting(Segment::resolution)
                .containsExactly(Resolution.MINUTE, Resolution.HOUR, Resolution.DAY);
        assertThat(sql.sql())
                .contains("FROM service_minute FINAL")
                .contains("FROM service_hour")
                .contains("FROM service_day")
                .contains("{e2:Int64}")
                .doesNotContain("{s3:Int64}");
        assertThat(sql.parameters())
                .containsEntry("origin", Instant.parse("2024-05-01T10:30:00Z").getEpochSecond());
    }

    @Test
    void oneMinuteStepsAggregateTooForAMinuteMayHaveCorrectionRows() {
        SeriesQuery query =
                new SeriesQuery(
                        "",
                        "orders",
                        "",
                        new TimeRange(
                                Instant.parse("2024-05-01T00:00:00Z"),
                                Instant.parse("2024-05-02T00:00:00Z")),
                        Optional.of(Step.parse("1m")));

        SegmentedSql sql = SegmentedSql.series(query, query.plan(), COLUMNS);

        assertThat(sql.sql())
                .startsWith("SELECT t, sum(c) AS count FROM (SELECT ")
                .contains("FROM service_minute FINAL")
                .endsWith("GROUP BY t ORDER BY t");
    }

    @Test
    void otherStepsAggregateOncePerPoint() {
        SegmentedSql sql =
                SegmentedSql.series(
                        query(Optional.of(Step.parse("1h"))),
                        query(Optional.of(Step.parse("1h"))).plan(),
                        COLUMNS);

        assertThat(sql.sql())
                .startsWith("SELECT t, sum(c) AS count FROM (")
                .endsWith("GROUP BY t ORDER BY t");
    }

    private static SeriesQuery query(Optional<Step> step) {
        return new SeriesQuery(
                "acme",
                SERVICE,
                OPERATION,
                new TimeRange(
                        Instant.parse("2024-05-01T10:30:00Z"),
                        Instant.parse("2024-05-03T00:00:00Z")),
                step);
    }

    private static String hex(String value) {
        return HexFormat.of().formatHex(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
