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
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
                    + " users, users_sample_shift, correction, peak_exact, source_partition,"
                    + " source_offset)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** Most (tenant, service, operation, minute) tuples per peak look-up (query text size). */
    static final int PEAK_LOOKUP_CHUNK = 500;

    /** The window of a row: what its corrections share with it. */
    private record Window(String tenant, String service, String operation, long minute) {
        static Window of(ServiceMinuteRow r) {
            return new Window(r.tenant(), r.service(), r.operation(), r.minute().getEpochSecond());
        }
    }

    /** A window's peak so far: an upper bound of its true peak, and whether it is exact. */
    private record Peak(long value, boolean exact) {}

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
        Peak[] peaks = peaks(rows);
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            for (int i = 0; i < rows.size(); i++) {
                SourcedRow sourced = rows.get(i);
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
                insert.setLong(12, peaks[i].value());
                insert.setDouble(13, r.inflightMs());
                insert.setObject(14, unsigned(r));
                insert.setInt(15, r.usersSampleShift());
                insert.setLong(16, r.correction());
                insert.setInt(17, peaks[i].exact() ? 1 : 0);
                insert.setInt(18, sourced.partition());
                insert.setLong(19, sourced.offset());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /**
     * The peak in flight to store for each row (ADR 0011). A row written when its minute closed
     * stores its own, exact peak. A correction knows only the peak of its late requests; the peak
     * of the whole minute is at most the sum of the peaks of its parts, so a correction stores
     * <em>the peak bound of its minute so far</em> — the largest peak stored for the window (the
     * previous bound) plus its own — and {@code peak_exact = 0} unless one of the two is 0. Readers
     * and the rollup views then take the maximum, as for on-time rows, and get the bound of every
     * corrected minute. Previous rows are read from ClickHouse: all rows of a window come from one
     * Kafka partition, whose rows are inserted in offset order, so they are stored before this
     * batch (or are earlier in it) — the result is the same when a batch is inserted again.
     */
    private Peak[] peaks(List<SourcedRow> rows) throws SQLException {
        Peak[] peaks = new Peak[rows.size()];
        Set<Window> corrected = new LinkedHashSet<>();
        for (SourcedRow sourced : rows) {
            if (sourced.row().isCorrection()) {
                corrected.add(Window.of(sourced.row()));
            }
        }
        Map<Window, Peak> bounds = corrected.isEmpty() ? Map.of() : storedPeaks(corrected);
        for (int i = 0; i < rows.size(); i++) {
            ServiceMinuteRow r = rows.get(i).row();
            long own = r.peakInflight();
            if (!corrected.contains(Window.of(r))) {
                peaks[i] = new Peak(own, true);
                continue;
            }
            Window w = Window.of(r);
            Peak before = bounds.getOrDefault(w, new Peak(0, true));
            Peak now;
            if (r.isCorrection()) {
                now =
                        new Peak(
                                before.value() + own,
                                before.exact() && (before.value() == 0 || own == 0));
                peaks[i] = now;
            } else {
                // the window's on-time row, earlier in this batch than its corrections
                now = new Peak(Math.max(before.value(), own), before.exact());
                peaks[i] = new Peak(own, true);
            }
            bounds.put(w, now);
        }
        return peaks;
    }

    /** The largest stored peak and the exactness of each window that has rows. */
    private Map<Window, Peak> storedPeaks(Set<Window> windows) throws SQLException {
        Map<Window, Peak> stored = new HashMap<>();
        List<Window> all = new ArrayList<>(windows);
        for (int from = 0; from < all.size(); from += PEAK_LOOKUP_CHUNK) {
            List<Window> chunk = all.subList(from, Math.min(all.size(), from + PEAK_LOOKUP_CHUNK));
            String tuples = String.join(", ", Collections.nCopies(chunk.size(), "(?, ?, ?, ?)"));
            try (PreparedStatement s =
                    connection.prepareStatement(
                            "SELECT tenant, service, operation, toUnixTimestamp(minute),"
                                    + " max(peak_inflight), min(peak_exact) FROM service_minute"
                                    + " WHERE (tenant, service, operation, minute) IN ("
                                    + tuples
                                    + ") GROUP BY tenant, service, operation, minute")) {
                int p = 1;
                for (Window w : chunk) {
                    s.setString(p++, w.tenant());
                    s.setString(p++, w.service());
                    s.setString(p++, w.operation());
                    s.setLong(p++, w.minute());
                }
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        stored.put(
                                new Window(
                                        rs.getString(1),
                                        rs.getString(2),
                                        rs.getString(3),
                                        rs.getLong(4)),
                                new Peak(rs.getLong(5), rs.getInt(6) != 0));
                    }
                }
            }
        }
        return stored;
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
