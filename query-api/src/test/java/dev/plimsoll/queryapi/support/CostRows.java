package dev.plimsoll.queryapi.support;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.ZoneOffset;

import static dev.plimsoll.queryapi.support.SmallDataset.at;

/**
 * Rows of {@code cost_hour} and {@code cost_day} as the cost job writes them, on {@link
 * SmallDataset}'s day D: orders and search in USD at 10:00 (shared cost by requests), orders at
 * 11:00 without traffic and 0.30 of unallocated shared cost, search's 12:00 cost deleted by a
 * restatement (a tombstone with a higher version), an outdated version of orders' 10:00 row, and a
 * EUR cost of orders with 15 decimal places; the day rows sum the hours.
 */
public final class CostRows {

    public static final String EUR = "0.302884615384615";

    private CostRows() {}

    /** Inserts the rows into the database at {@code url} (migrated). */
    public static void insert(String url) {
        try (Connection c = DriverManager.getConnection(url)) {
            String hourSql =
                    "INSERT INTO cost_hour (hour, service, currency, direct, shared_allocated,"
                            + " unallocated, total, active_users, requests, cost_per_user,"
                            + " cost_per_thousand_requests, policy, final, version, is_deleted)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
            try (PreparedStatement s = c.prepareStatement(hourSql)) {
                hour(
                        s,
                        "10:00",
                        "orders",
                        "USD",
                        "1.2",
                        "0.75",
                        "0",
                        "1.95",
                        3,
                        300,
                        "0.65",
                        "6.5",
                        "requests",
                        true,
                        2,
                        false);
                // an outdated version of the same key: never shown
                hour(
                        s, "10:00", "orders", "USD", "9.99", "0", "0", "9.99", 1, 1, "9.99", "9990",
                        "", false, 1, false);
                hour(
                        s,
                        "10:00",
                        "search",
                        "USD",
                        "0",
                        "0.25",
                        "0",
                        "0.25",
                        2,
                        100,
                        "0.125",
                        "2.5",
                        "requests",
                        true,
                        2,
                        false);
                hour(
                        s,
                        "10:00",
                        "",
                        "USD",
                        "1.2",
                        "1",
                        "0",
                        "2.2",
                        4,
                        400,
                        "0.55",
                        "5.5",
                        "requests",
                        true,
                        2,
                        false);
                hour(
                        s, "11:00", "orders", "USD", "0.5", "0", "0", "0.5", 0, 0, null, null, "",
                        false, 2, false);
                hour(
                        s,
                        "11:00",
                        "",
                        "USD",
                        "0.5",
                        "0",
                        "0.3",
                        "0.8",
                        0,
                        0,
                        null,
                        null,
                        "requests",
                        false,
                        2,
                        false);
                // search's 12:00 cost was restated away: a tombstone with a higher version
                hour(
                        s, "12:00", "search", "USD", "0.3", "0", "0", "0.3", 0, 0, null, null, "",
                        false, 1, false);
                hour(
                        s, "12:00", "search", "USD", "0", "0", "0", "0", 0, 0, null, null, "",
                        false, 2, true);
                hour(
                        s,
                        "10:00",
                        "orders",
                        "EUR",
                        EUR,
                        "0",
                        "0",
                        EUR,
                        3,
                        300,
                        "0.100961538461538333",
                        "1.00961538461538333",
                        "",
                        true,
                        1,
                        false);
                hour(
                        s,
                        "10:00",
                        "",
                        "EUR",
                        EUR,
                        "0",
                        "0",
                        EUR,
                        4,
                        400,
                        "0.07572115384615375",
                        "0.7572115384615375",
                        "",
                        true,
                        1,
                        false);
                s.executeBatch();
            }
            String daySql = hourSql.replace("cost_hour (hour,", "cost_day (day,");
            try (PreparedStatement s = c.prepareStatement(daySql)) {
                day(
                        s,
                        "orders",
                        "USD",
                        "1.7",
                        "0.75",
                        "0",
                        "2.45",
                        3,
                        300,
                        "0.816666666666666667",
                        "8.166666666666666667",
                        "requests");
                day(
                        s,
                        "search",
                        "USD",
                        "0",
                        "0.25",
                        "0",
                        "0.25",
                        2,
                        100,
                        "0.125",
                        "2.5",
                        "requests");
                day(s, "", "USD", "1.7", "1", "0.3", "3", 4, 400, "0.75", "7.5", "requests");
                day(
                        s,
                        "orders",
                        "EUR",
                        EUR,
                        "0",
                        "0",
                        EUR,
                        3,
                        300,
                        "0.100961538461538333",
                        "1.00961538461538333",
                        "");
                day(
                        s,
                        "",
                        "EUR",
                        EUR,
                        "0",
                        "0",
                        EUR,
                        4,
                        400,
                        "0.07572115384615375",
                        "0.7572115384615375",
                        "");
                s.executeBatch();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void hour(
            PreparedStatement s,
            String time,
            String service,
            String currency,
            String direct,
            String shared,
            String unallocated,
            String total,
            long users,
            long requests,
            String cpu,
            String cpk,
            String policy,
            boolean isFinal,
            long version,
            boolean deleted)
            throws SQLException {
        s.setLong(1, java.time.Instant.parse(at(time)).getEpochSecond());
        values(
                s,
                service,
                currency,
                direct,
                shared,
                unallocated,
                total,
                users,
                requests,
                cpu,
                cpk,
                policy,
                isFinal,
                version,
                deleted);
    }

    private static void day(
            PreparedStatement s,
            String service,
            String currency,
            String direct,
            String shared,
            String unallocated,
            String total,
            long users,
            long requests,
            String cpu,
            String cpk,
            String policy)
            throws SQLException {
        s.setObject(1, LocalDate.ofInstant(SmallDataset.DAY, ZoneOffset.UTC));
        values(
                s,
                service,
                currency,
                direct,
                shared,
                unallocated,
                total,
                users,
                requests,
                cpu,
                cpk,
                policy,
                false,
                3,
                false);
    }

    private static void values(
            PreparedStatement s,
            String service,
            String currency,
            String direct,
            String shared,
            String unallocated,
            String total,
            long users,
            long requests,
            String cpu,
            String cpk,
            String policy,
            boolean isFinal,
            long version,
            boolean deleted)
            throws SQLException {
        s.setString(2, service);
        s.setString(3, currency);
        s.setBigDecimal(4, new BigDecimal(direct));
        s.setBigDecimal(5, new BigDecimal(shared));
        s.setBigDecimal(6, new BigDecimal(unallocated));
        s.setBigDecimal(7, new BigDecimal(total));
        s.setLong(8, users);
        s.setLong(9, requests);
        if (cpu == null) {
            s.setNull(10, Types.DECIMAL);
        } else {
            s.setBigDecimal(10, new BigDecimal(cpu));
        }
        if (cpk == null) {
            s.setNull(11, Types.DECIMAL);
        } else {
            s.setBigDecimal(11, new BigDecimal(cpk));
        }
        s.setString(12, policy);
        s.setBoolean(13, isFinal);
        s.setLong(14, version);
        s.setInt(15, deleted ? 1 : 0);
        s.addBatch();
    }
}
