package dev.plimsoll.streams.sink;

import dev.plimsoll.streams.row.ServiceMinuteRow;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * JDBC access to {@code service_minute} and its rollups: batched inserts, the stored Kafka
 * positions, TTLs. Not thread-safe (one per sink thread).
 */
final class ServiceMinuteTable {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceMinuteTable.class);

    static final String INSERT =
            "INSERT INTO service_minute (tenant, service, operation, minute, count, errors,"
                    + " sum_ms, min_ms, max_ms, zero_count, buckets, peak_inflight, inflight_ms,"
                    + " users, users_sample_shift, source_partition, source_offset)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** {@code TTL minute + toIntervalDay(14)} as ClickHouse shows it in {@code engine_full}. */
    private static final Pattern TTL =
            Pattern.compile(
                    "\\bTTL\\s+(\\w+)\\s*\\+\\s*toInterval(Second|Minute|Hour|Day|Week)\\((\\d+)\\)");

    private final Connection connection;

    ServiceMinuteTable(Connection connection) {
        this.connection = connection;
    }

    /**
     * Inserts the rows as one {@code INSERT} statement (the JDBC driver sends a prepared batch as
     * one {@code INSERT ... VALUES} request), so ClickHouse stores all of them or none.
     */
    void insert(List<SourcedRow> rows) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            for (SourcedRow sourced : rows) {
                ServiceMinuteRow r = sourced.row();
                insert.setString(1, r.tenant());
                insert.setString(2, r.service());
                insert.setString(3, r.operation());
                insert.setLong(4, r.minute().getEpochSecond());
                insert.setLong(5, r.count());
                insert.setLong(6, r.errors());
                insert.setDouble(7, r.sumMs());
                insert.setDouble(8, r.minMs());
                insert.setDouble(9, r.maxMs());
                insert.setLong(10, r.zeroCount());
                insert.setObject(11, r.buckets());
                insert.setInt(12, r.peakInflight());
                insert.setDouble(13, r.inflightMs());
                insert.setObject(14, unsigned(r));
                insert.setInt(15, r.usersSampleShift());
                insert.setInt(16, sourced.partition());
                insert.setLong(17, sourced.offset());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static List<BigInteger> unsigned(ServiceMinuteRow r) {
        List<BigInteger> users = new ArrayList<>(r.userCount());
        for (int i = 0; i < r.userCount(); i++) {
            users.add(new BigInteger(Long.toUnsignedString(r.user(i))));
        }
        return users;
    }

    /**
     * The highest Kafka offset stored per partition, for the partitions that have rows. Every
     * offset up to it is stored too: batches are inserted whole, in offset order per partition.
     */
    Map<Integer, Long> maxStoredOffsets(Collection<Integer> partitions) throws SQLException {
        Map<Integer, Long> max = new HashMap<>();
        if (partitions.isEmpty()) {
            return max;
        }
        String in = partitions.stream().map(String::valueOf).collect(Collectors.joining(", "));
        try (Statement s = connection.createStatement();
                ResultSet rs =
                        s.executeQuery(
                                "SELECT source_partition, max(source_offset) FROM service_minute"
                                        + " WHERE source_partition IN ("
                                        + in
                                        + ") GROUP BY source_partition")) {
            while (rs.next()) {
                max.put(rs.getInt(1), rs.getLong(2));
            }
        }
        return max;
    }

    /**
     * The query ids of the inserts into {@code service_minute} of this database that the server is
     * executing now, from any client.
     */
    java.util.Set<String> runningInserts() throws SQLException {
        java.util.Set<String> ids = new java.util.HashSet<>();
        try (Statement s = connection.createStatement();
                ResultSet rs =
                        s.executeQuery(
                                "SELECT query_id FROM system.processes WHERE query_kind = 'Insert'"
                                    + " AND current_database = currentDatabase() AND"
                                    + " positionCaseInsensitive(query, 'service_minute') > 0")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    /** The TTL of {@code table} as (column, duration), or empty when it has none we understand. */
    Optional<Map.Entry<String, Duration>> ttl(String table) throws SQLException {
        try (PreparedStatement s =
                connection.prepareStatement(
                        "SELECT engine_full FROM system.tables"
                                + " WHERE database = currentDatabase() AND name = ?")) {
            s.setString(1, table);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException(
                            "table "
                                    + table
                                    + " does not exist in the sink's database; apply the"
                                    + " ClickHouse migrations first");
                }
                return parseTtl(rs.getString(1));
            }
        }
    }

    static Optional<Map.Entry<String, Duration>> parseTtl(String engineFull) {
        Matcher m = TTL.matcher(engineFull);
        if (!m.find()) {
            return Optional.empty();
        }
        long n = Long.parseLong(m.group(3));
        Duration d =
                switch (m.group(2)) {
                    case "Second" -> Duration.ofSeconds(n);
                    case "Minute" -> Duration.ofMinutes(n);
                    case "Hour" -> Duration.ofHours(n);
                    case "Day" -> Duration.ofDays(n);
                    default -> Duration.ofDays(7 * n);
                };
        return Optional.of(Map.entry(m.group(1), d));
    }

    /** Sets the TTL of each table where it differs from {@code ttl}; returns the tables changed. */
    List<String> applyTtl(TableTtl ttl) throws SQLException {
        List<String> changed = new ArrayList<>();
        applyTtl("service_minute", "minute", ttl.minute(), changed);
        applyTtl("service_hour", "hour", ttl.hour(), changed);
        applyTtl("service_day", "day", ttl.day(), changed);
        return changed;
    }

    private void applyTtl(String table, String column, Duration wanted, List<String> changed)
            throws SQLException {
        Optional<Map.Entry<String, Duration>> current = ttl(table);
        if (current.isPresent()
                && current.get().getKey().equals(column)
                && current.get().getValue().equals(wanted)) {
            return;
        }
        String interval =
                wanted.toSeconds() % 86_400 == 0
                        ? "INTERVAL " + wanted.toDays() + " DAY"
                        : "INTERVAL " + wanted.toSeconds() + " SECOND";
        LOG.info(
                "Changing TTL of {} from {} to {} + {}",
                table,
                current.map(e -> e.getKey() + " + " + e.getValue()).orElse("none"),
                column,
                interval);
        try (Statement s = connection.createStatement()) {
            s.execute("ALTER TABLE " + table + " MODIFY TTL " + column + " + " + interval);
        }
        changed.add(table);
    }
}
