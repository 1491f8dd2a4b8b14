package dev.plimsoll.cost.sink;

import dev.plimsoll.core.cost.CostLine;
import dev.plimsoll.cost.model.CostRow;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JDBC access to {@code cost_hour} and {@code cost_day} (migration V0004): batched inserts of
 * versioned rows, and the tables' TTLs. Not thread-safe.
 */
public final class CostTables implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CostTables.class);

    private static final String COLUMNS =
            " service, currency, direct, shared_allocated, unallocated, total, active_users,"
                + " requests, cost_per_user, cost_per_thousand_requests, policy, final, version,"
                + " is_deleted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    static final String INSERT_HOUR = "INSERT INTO cost_hour (hour," + COLUMNS;
    static final String INSERT_DAY = "INSERT INTO cost_day (day," + COLUMNS;

    private static final Pattern TTL =
            Pattern.compile("\\bTTL\\s+(\\w+)\\s*\\+\\s*toIntervalDay\\((\\d+)\\)");

    private final Connection connection;

    private CostTables(Connection connection) {
        this.connection = connection;
    }

    /** Connects; {@code jdbcUrl} names the database. */
    public static CostTables connect(String jdbcUrl, Properties properties) throws SQLException {
        Properties p = new Properties();
        p.put("socket_timeout", "120000");
        p.putAll(properties);
        return new CostTables(DriverManager.getConnection(jdbcUrl, p));
    }

    /** A row with the version it is stored under. */
    public record Versioned(CostRow row, long version) {}

    /**
     * Inserts the rows: one {@code INSERT} per table (the driver sends a prepared batch as one
     * statement), hour rows first.
     */
    public void insert(List<Versioned> rows) throws SQLException {
        List<Versioned> hours = new ArrayList<>();
        List<Versioned> days = new ArrayList<>();
        for (Versioned v : rows) {
            (v.row().period() == CostRow.Period.HOUR ? hours : days).add(v);
        }
        insert(INSERT_HOUR, hours);
        insert(INSERT_DAY, days);
    }

    private void insert(String sql, List<Versioned> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            for (Versioned v : rows) {
                CostRow r = v.row();
                CostLine l = r.line();
                if (r.period() == CostRow.Period.HOUR) {
                    s.setLong(1, r.start());
                } else {
                    s.setObject(1, LocalDate.ofEpochDay(Math.floorDiv(r.start(), 86_400L)));
                }
                s.setString(2, l.service());
                s.setString(3, l.currency());
                s.setBigDecimal(4, l.direct());
                s.setBigDecimal(5, l.sharedAllocated());
                s.setBigDecimal(6, l.unallocated());
                s.setBigDecimal(7, l.total());
                s.setLong(8, l.activeUsers());
                s.setLong(9, l.requests());
                if (l.costPerUser() == null) {
                    s.setNull(10, Types.DECIMAL);
                } else {
                    s.setBigDecimal(10, l.costPerUser());
                }
                if (l.costPerThousandRequests() == null) {
                    s.setNull(11, Types.DECIMAL);
                } else {
                    s.setBigDecimal(11, l.costPerThousandRequests());
                }
                s.setString(12, l.policy());
                s.setBoolean(13, r.finalRow());
                s.setLong(14, v.version());
                s.setInt(15, r.deleted() ? 1 : 0);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /**
     * Sets the tables' TTLs where they differ from the configured ones (whole days), and says so.
     *
     * @return the tables changed
     */
    public List<String> applyTtl(Duration hour, Duration day) throws SQLException {
        List<String> changed = new ArrayList<>();
        apply("cost_hour", "hour", hour, changed);
        apply("cost_day", "day", day, changed);
        return changed;
    }

    private void apply(String table, String column, Duration ttl, List<String> changed)
            throws SQLException {
        long days = Math.max(1, ttl.toDays());
        String engine;
        try (PreparedStatement s =
                connection.prepareStatement(
                        "SELECT engine_full FROM system.tables WHERE database = currentDatabase()"
                                + " AND name = ?")) {
            s.setString(1, table);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException(
                            "table "
                                    + table
                                    + " does not exist; apply the ClickHouse migrations first");
                }
                engine = rs.getString(1);
            }
        }
        Matcher m = TTL.matcher(engine);
        if (m.find() && Long.parseLong(m.group(2)) == days) {
            return;
        }
        try (Statement s = connection.createStatement()) {
            s.execute(
                    "ALTER TABLE "
                            + table
                            + " MODIFY TTL "
                            + column
                            + " + INTERVAL "
                            + days
                            + " DAY");
        }
        LOG.info("{} keeps rows for {} days now", table, days);
        changed.add(table);
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
