package dev.plimsoll.infra.clickhouse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Migrations against the local engine; one engine for the class, one database per test. */
class ClickHouseMigrationsTest {

    @TempDir static Path dataDir;
    static LocalClickHouse clickhouse;
    static final ClassLoader LOADER = ClickHouseMigrationsTest.class.getClassLoader();

    @BeforeAll
    static void start() {
        clickhouse = LocalClickHouse.start(dataDir);
    }

    @AfterAll
    static void stop() {
        if (clickhouse != null) {
            clickhouse.close();
        }
    }

    static List<String> column(String database, String sql) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(clickhouse.jdbcUrl(database));
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    static String resource(String name) throws Exception {
        try (var in = LOADER.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void appliesTheSchemaOnceAndRecordsIt() throws Exception {
        MigrationReport first = ClickHouseMigrations.apply(clickhouse.jdbcUrl(), "fresh");
        assertThat(first.database()).isEqualTo("fresh");
        assertThat(first.applied())
                .containsExactly(
                        "V0001__service_metrics.sql",
                        "V0002__users_sample_shift.sql",
                        "V0003__late_corrections.sql",
                        "V0004__cost_per_user.sql",
                        "V0005__alerts.sql");
        assertThat(first.alreadyApplied()).isEmpty();
        assertThat(
                        column(
                                "fresh",
                                "SELECT name FROM system.tables WHERE database = 'fresh' ORDER BY"
                                        + " name"))
                .containsExactly(
                        "alert_events",
                        "alert_rules",
                        "alert_silences",
                        "cost_day",
                        "cost_hour",
                        "deploys",
                        "schema_migrations",
                        "service_day",
                        "service_day_mv",
                        "service_hour",
                        "service_hour_mv",
                        "service_minute");
        String checksum =
                ClickHouseMigrations.checksum(resource("db/clickhouse/V0001__service_metrics.sql"));
        String checksum2 =
                ClickHouseMigrations.checksum(
                        resource("db/clickhouse/V0002__users_sample_shift.sql"));
        String checksum3 =
                ClickHouseMigrations.checksum(
                        resource("db/clickhouse/V0003__late_corrections.sql"));
        String checksum4 =
                ClickHouseMigrations.checksum(resource("db/clickhouse/V0004__cost_per_user.sql"));
        String checksum5 =
                ClickHouseMigrations.checksum(resource("db/clickhouse/V0005__alerts.sql"));
        assertThat(
                        column(
                                "fresh",
                                "SELECT concat(toString(version), ' ', name, ' ', checksum) FROM"
                                        + " schema_migrations ORDER BY version"))
                .containsExactly(
                        "1 service_metrics " + checksum,
                        "2 users_sample_shift " + checksum2,
                        "3 late_corrections " + checksum3,
                        "4 cost_per_user " + checksum4,
                        "5 alerts " + checksum5);

        MigrationReport second = ClickHouseMigrations.apply(clickhouse.jdbcUrl(), "fresh");
        assertThat(second.applied()).isEmpty();
        assertThat(second.alreadyApplied())
                .containsExactly(
                        "V0001__service_metrics.sql",
                        "V0002__users_sample_shift.sql",
                        "V0003__late_corrections.sql",
                        "V0004__cost_per_user.sql",
                        "V0005__alerts.sql");
        assertThat(column("fresh", "SELECT count() FROM schema_migrations")).containsExactly("5");
    }

    @Test
    void migratesTheDatabaseTheUrlNamesEvenBeforeItExists() throws Exception {
        MigrationReport report =
                ClickHouseMigrations.apply(clickhouse.jdbcUrl("not_yet"), "not_yet");

        assertThat(report.applied()).contains("V0001__service_metrics.sql");
        assertThat(column("not_yet", "SELECT name FROM system.tables WHERE database = 'not_yet'"))
                .contains("service_minute", "service_hour", "service_day");
    }

    @Test
    void serviceMinuteRowsRollUpIntoHoursAndDays() throws Exception {
        ClickHouseMigrations.apply(clickhouse.jdbcUrl(), "rollup");
        try (Connection c = DriverManager.getConnection(clickhouse.jdbcUrl("rollup"));
                Statement s = c.createStatement()) {
            s.execute(
                    "INSERT INTO service_minute (tenant, service, operation, minute, count, errors,"
                            + " sum_ms, min_ms, max_ms, zero_count, buckets, peak_inflight,"
                            + " inflight_ms, users, source_partition, source_offset) VALUES"
                            + " ('', 'checkout', '', '2026-03-01 10:01:00', 10, 1, 50.5, 1.5, 20,"
                            + " 0, {100: 4, 200: 6}, 3, 1000, [1, 2, 3], 0, 1),"
                            + " ('', 'checkout', '', '2026-03-01 10:02:00', 5, 0, 10, 0.5, 4, 1,"
                            + " {100: 1, 150: 3}, 7, 500, [3, 4], 0, 2),"
                            + " ('', 'checkout', '', '2026-03-01 11:00:00', 1, 0, 2, 2, 2, 0,"
                            + " {120: 1}, 1, 60, [9], 0, 3)");
            try (ResultSet rs =
                    s.executeQuery(
                            "SELECT toString(hour), sum(count), sum(errors), sum(sum_ms),"
                                    + " min(min_ms), max(max_ms), sum(zero_count),"
                                    + " toString(sumMap(buckets)), max(peak_inflight),"
                                    + " sum(inflight_ms), uniqCombined64Merge(users)"
                                    + " FROM service_hour GROUP BY hour ORDER BY hour")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("2026-03-01 10:00:00");
                assertThat(rs.getLong(2)).isEqualTo(15);
                assertThat(rs.getLong(3)).isEqualTo(1);
                assertThat(rs.getDouble(4)).isEqualTo(60.5);
                assertThat(rs.getDouble(5)).isEqualTo(0.5);
                assertThat(rs.getDouble(6)).isEqualTo(20);
                assertThat(rs.getLong(7)).isEqualTo(1);
                assertThat(rs.getString(8)).isEqualTo("{100:5,150:3,200:6}");
                assertThat(rs.getLong(9)).isEqualTo(7);
                assertThat(rs.getDouble(10)).isEqualTo(1500);
                assertThat(rs.getLong(11)).isEqualTo(4);
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("2026-03-01 11:00:00");
                assertThat(rs.getLong(2)).isEqualTo(1);
                assertThat(rs.next()).isFalse();
            }
            try (ResultSet rs =
                    s.executeQuery(
                            "SELECT toString(day), sum(count), toString(sumMap(buckets)),"
                                + " uniqCombined64Merge(users) FROM service_day GROUP BY day")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("2026-03-01");
                assertThat(rs.getLong(2)).isEqualTo(16);
                assertThat(rs.getString(3)).isEqualTo("{100:5,120:1,150:3,200:6}");
                assertThat(rs.getLong(4)).isEqualTo(5);
                assertThat(rs.next()).isFalse();
            }
        }
    }

    @Test
    void version2UpgradesADatabaseThatHasDataAndIsReRunnable() throws Exception {
        // Two days ago: inside the minute table's TTL (14 days).
        String d = java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(2).toString();
        // A database migrated by a build that knew V0001 only, with rows already rolled up.
        ClickHouseMigrations.apply(
                clickhouse.jdbcUrl(), "upgrade", ClickHouseMigrations.LOCATION, firstOnly());
        execute(
                "upgrade",
                "INSERT INTO service_minute (tenant, service, operation, minute, count, users,"
                        + " source_partition, source_offset) VALUES"
                        + " ('', 'checkout', '', '"
                        + d
                        + " 10:01:00', 10, [1, 2, 3], 0, 1)");

        MigrationReport report = ClickHouseMigrations.apply(clickhouse.jdbcUrl(), "upgrade");
        assertThat(report.alreadyApplied()).containsExactly("V0001__service_metrics.sql");
        assertThat(report.applied())
                .containsExactly(
                        "V0002__users_sample_shift.sql",
                        "V0003__late_corrections.sql",
                        "V0004__cost_per_user.sql",
                        "V0005__alerts.sql");

        // Statements are re-runnable: a crash after them but before the record runs them again.
        execute(
                "upgrade",
                "ALTER TABLE schema_migrations DELETE WHERE version = 2 SETTINGS mutations_sync ="
                        + " 1");
        assertThat(ClickHouseMigrations.apply(clickhouse.jdbcUrl(), "upgrade").applied())
                .containsExactly("V0002__users_sample_shift.sql");

        // Rows stored before keep shift 0; the views now carry the largest shift of their minutes.
        execute(
                "upgrade",
                "INSERT INTO service_minute (tenant, service, operation, minute, count, users,"
                        + " users_sample_shift, source_partition, source_offset) VALUES"
                        + " ('', 'checkout', '', '"
                        + d
                        + " 10:02:00', 5, [4], 3, 0, 2),"
                        + " ('', 'checkout', '', '"
                        + d
                        + " 10:03:00', 5, [5], 1, 0, 3),"
                        + " ('', 'checkout', '', '"
                        + d
                        + " 11:00:00', 1, [6], 0, 0, 4)");
        assertThat(
                        column(
                                "upgrade",
                                "SELECT concat(toString(minute), ' ', toString(users_sample_shift))"
                                        + " FROM service_minute ORDER BY minute"))
                .containsExactly(
                        d + " 10:01:00 0", d + " 10:02:00 3", d + " 10:03:00 1", d + " 11:00:00 0");
        assertThat(
                        column(
                                "upgrade",
                                "SELECT concat(toString(hour), ' ', toString(sum(count)), ' ',"
                                        + " toString(max(users_sample_shift)), ' ',"
                                        + " toString(uniqCombined64Merge(users))) FROM service_hour"
                                        + " GROUP BY hour ORDER BY hour"))
                .containsExactly(d + " 10:00:00 20 3 5", d + " 11:00:00 1 0 1");
        assertThat(
                        column(
                                "upgrade",
                                "SELECT concat(toString(day), ' ', toString(sum(count)), ' ',"
                                        + " toString(max(users_sample_shift)), ' ',"
                                        + " toString(uniqCombined64Merge(users))) FROM service_day"
                                        + " GROUP BY day"))
                .containsExactly(d + " 21 3 6");
    }

    /**
     * V0003 on a database with data: rows stored before are on-time rows (correction 0, exact
     * peak); a minute's correction rows stay rows of their own under FINAL, and the rollups count
     * them and their requests. Its statements are re-runnable.
     */
    @Test
    void version3KeepsCorrectionsApartAndIsReRunnable() throws Exception {
        String d = java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(2).toString();
        ClickHouseMigrations.apply(
                clickhouse.jdbcUrl(),
                "corrections",
                ClickHouseMigrations.LOCATION,
                indexOf("V0001__service_metrics.sql", "V0002__users_sample_shift.sql"));
        execute(
                "corrections",
                "INSERT INTO service_minute (tenant, service, operation, minute, count,"
                        + " peak_inflight, source_partition, source_offset) VALUES"
                        + " ('', 'checkout', '', '"
                        + d
                        + " 10:01:00', 10, 2, 0, 1)");

        MigrationReport report = ClickHouseMigrations.apply(clickhouse.jdbcUrl(), "corrections");
        assertThat(report.applied())
                .containsExactly(
                        "V0003__late_corrections.sql",
                        "V0004__cost_per_user.sql",
                        "V0005__alerts.sql");
        execute(
                "corrections",
                "ALTER TABLE schema_migrations DELETE WHERE version = 3 SETTINGS mutations_sync ="
                        + " 1");
        assertThat(ClickHouseMigrations.apply(clickhouse.jdbcUrl(), "corrections").applied())
                .containsExactly("V0003__late_corrections.sql");

        // two corrections of 10:01 (arrived in 12:00 and 12:01), each with the minute's peak bound
        execute(
                "corrections",
                "INSERT INTO service_minute (tenant, service, operation, minute, count,"
                        + " peak_inflight, correction, peak_exact, source_partition,"
                        + " source_offset) VALUES"
                        + " ('', 'checkout', '', '"
                        + d
                        + " 10:01:00', 3, 3, toUnixTimestamp(toDateTime('"
                        + d
                        + " 12:00:00', 'UTC')), 0, 0, 2),"
                        + " ('', 'checkout', '', '"
                        + d
                        + " 10:01:00', 1, 3, toUnixTimestamp(toDateTime('"
                        + d
                        + " 12:01:00', 'UTC')), 0, 0, 3)");
        assertThat(
                        column(
                                "corrections",
                                "SELECT concat(toString(count), ' ', toString(correction > 0), ' ',"
                                        + " toString(peak_exact)) FROM service_minute FINAL ORDER"
                                        + " BY correction"))
                .containsExactly("10 0 1", "3 1 0", "1 1 0");
        assertThat(
                        column(
                                "corrections",
                                "SELECT concat(toString(sum(count)), ' ',"
                                    + " toString(sum(corrections)), ' ', toString(sum(late_count)),"
                                    + " ' ', toString(max(peak_inflight)), ' ',"
                                    + " toString(min(peak_exact))) FROM service_hour"))
                .containsExactly("14 2 4 3 0");
        assertThat(
                        column(
                                "corrections",
                                "SELECT concat(toString(sum(count)), ' ',"
                                    + " toString(sum(corrections)), ' ', toString(sum(late_count)))"
                                    + " FROM service_day"))
                .containsExactly("14 2 4");
    }

    /** A class loader whose migration index lists {@code files} only, as an older build's did. */
    private static ClassLoader indexOf(String... files) {
        return new ClassLoader(LOADER) {
            @Override
            public java.io.InputStream getResourceAsStream(String name) {
                if (name.equals(ClickHouseMigrations.LOCATION + "/" + ClickHouseMigrations.INDEX)) {
                    return new java.io.ByteArrayInputStream(
                            (String.join("\n", files) + "\n").getBytes(StandardCharsets.UTF_8));
                }
                return super.getResourceAsStream(name);
            }
        };
    }

    /** A class loader whose migration index lists V0001 only, as an older build's did. */
    private static ClassLoader firstOnly() {
        return new ClassLoader(LOADER) {
            @Override
            public java.io.InputStream getResourceAsStream(String name) {
                if (name.equals(ClickHouseMigrations.LOCATION + "/" + ClickHouseMigrations.INDEX)) {
                    return new java.io.ByteArrayInputStream(
                            "V0001__service_metrics.sql\n".getBytes(StandardCharsets.UTF_8));
                }
                return super.getResourceAsStream(name);
            }
        };
    }

    private static void execute(String database, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(clickhouse.jdbcUrl(database));
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Test
    void editedMigrationIsRefused() {
        ClickHouseMigrations.apply(
                clickhouse.jdbcUrl(), "edited", "db/clickhouse-test/original", LOADER);
        assertThatThrownBy(
                        () ->
                                ClickHouseMigrations.apply(
                                        clickhouse.jdbcUrl(),
                                        "edited",
                                        "db/clickhouse-test/edited",
                                        LOADER))
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("V0001__first.sql was changed after it was applied")
                .hasMessageContaining("database edited")
                .satisfies(
                        e ->
                                assertThat(((MigrationException) e).file())
                                        .isEqualTo("V0001__first.sql"));
    }

    @Test
    void tamperedChecksumIsRefused() throws Exception {
        ClickHouseMigrations.apply(clickhouse.jdbcUrl(), "tampered");
        try (Connection c = DriverManager.getConnection(clickhouse.jdbcUrl("tampered"));
                Statement s = c.createStatement()) {
            s.execute(
                    "ALTER TABLE schema_migrations UPDATE checksum = 'f00d' WHERE version = 1"
                            + " SETTINGS mutations_sync = 1");
        }
        assertThatThrownBy(() -> ClickHouseMigrations.apply(clickhouse.jdbcUrl(), "tampered"))
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("V0001__service_metrics.sql was changed")
                .hasMessageContaining("recorded checksum f00d");
    }

    @Test
    void failingStatementStopsWithFileStatementAndClickHouseError() throws Exception {
        for (int attempt = 0; attempt < 2; attempt++) {
            assertThatThrownBy(
                            () ->
                                    ClickHouseMigrations.apply(
                                            clickhouse.jdbcUrl(),
                                            "failing",
                                            "db/clickhouse-test/failing",
                                            LOADER))
                    .isInstanceOf(MigrationException.class)
                    .hasMessageContaining("ClickHouse migration V0002__broken.sql failed")
                    .hasMessageContaining("at statement 2 of 3 (line 4)")
                    .hasMessageContaining("CREATE TABLE broken (x UInt8 ENGINE = Memory")
                    .hasMessageContaining("ClickHouse error 62")
                    .hasMessageContaining("SYNTAX_ERROR")
                    .satisfies(
                            e -> {
                                MigrationException m = (MigrationException) e;
                                assertThat(m.file()).isEqualTo("V0002__broken.sql");
                                assertThat(m.statement())
                                        .isEqualTo("CREATE TABLE broken (x UInt8 ENGINE = Memory");
                                assertThat(m.errorCode()).isEqualTo(62);
                            });
        }
        // V0001 and the statements before the failure were applied; only V0001 is recorded.
        assertThat(column("failing", "SELECT version FROM schema_migrations")).containsExactly("1");
        assertThat(
                        column(
                                "failing",
                                "SELECT name FROM system.tables WHERE database = 'failing' ORDER BY"
                                        + " name"))
                .containsExactly("first", "kept", "schema_migrations");
        assertThat(
                        column(
                                "failing",
                                "SELECT default_expression FROM system.columns WHERE database ="
                                        + " 'failing' AND table = 'kept' AND name = 's'"))
                .containsExactly("'a;b'");
    }

    @Test
    void databaseNameMustBeAPlainIdentifier() {
        assertThatThrownBy(() -> ClickHouseMigrations.apply(clickhouse.jdbcUrl(), "x`; DROP"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyMigrationFileIsListedInTheIndexInOrder() throws Exception {
        Path dir = Path.of("src/main/resources", ClickHouseMigrations.LOCATION);
        List<String> files;
        try (Stream<Path> list = Files.list(dir)) {
            files =
                    list.map(p -> p.getFileName().toString())
                            .filter(n -> n.startsWith("V") && n.endsWith(".sql"))
                            .sorted()
                            .toList();
        }
        assertThat(files)
                .isNotEmpty()
                .allMatch(n -> ClickHouseMigrations.FILE_NAME.matcher(n).matches());
        List<String> listed =
                ClickHouseMigrations.load(ClickHouseMigrations.LOCATION, LOADER).stream()
                        .map(ClickHouseMigrations.Migration::file)
                        .toList();
        assertThat(listed).isEqualTo(files);
    }
}
