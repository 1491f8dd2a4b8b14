package dev.plimsoll.cost.testing;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the current rows of {@code cost_hour} and {@code cost_day} for one day ({@code FINAL}: the
 * latest version of each key, deleted keys gone) in the one-line form of the expectations.
 */
public final class CostRowsTable {

    private CostRowsTable() {}

    public static List<String> read(String jdbcUrl, LocalDate day) throws SQLException {
        List<String> rows = new ArrayList<>();
        Instant from = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        try (Connection c = DriverManager.getConnection(jdbcUrl)) {
            try (PreparedStatement s =
                    c.prepareStatement(
                            "SELECT toUnixTimestamp(hour), service, currency, direct,"
                                + " shared_allocated, unallocated, total, active_users, requests,"
                                + " cost_per_user, cost_per_thousand_requests, policy, final FROM"
                                + " cost_hour FINAL WHERE hour >= ? AND hour < ? ORDER BY hour,"
                                + " currency, service = '', service")) {
                s.setLong(1, from.getEpochSecond());
                s.setLong(2, from.getEpochSecond() + 86_400);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        int hour =
                                Instant.ofEpochSecond(rs.getLong(1))
                                        .atZone(ZoneOffset.UTC)
                                        .getHour();
                        rows.add(render("HOUR " + hour, rs));
                    }
                }
            }
            try (PreparedStatement s =
                    c.prepareStatement(
                            "SELECT toString(day), service, currency, direct, shared_allocated,"
                                + " unallocated, total, active_users, requests, cost_per_user,"
                                + " cost_per_thousand_requests, policy, final FROM cost_day FINAL"
                                + " WHERE day = ? ORDER BY currency, service = '', service")) {
                s.setString(1, day.toString());
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        rows.add(render("DAY " + rs.getString(1), rs));
                    }
                }
            }
        }
        return rows;
    }

    private static String render(String when, ResultSet rs) throws SQLException {
        String service = rs.getString(2);
        String policy = rs.getString(12);
        return when
                + " "
                + (service.isEmpty() ? "*" : service)
                + " "
                + rs.getString(3)
                + " "
                + plain(rs.getBigDecimal(4))
                + "+"
                + plain(rs.getBigDecimal(5))
                + "+"
                + plain(rs.getBigDecimal(6))
                + "="
                + plain(rs.getBigDecimal(7))
                + " users="
                + rs.getLong(8)
                + " req="
                + rs.getLong(9)
                + " cpu="
                + plain(rs.getBigDecimal(10))
                + " cpk="
                + plain(rs.getBigDecimal(11))
                + (policy.isEmpty() ? "" : " " + policy)
                + (rs.getBoolean(13) ? " final" : "");
    }

    private static String plain(BigDecimal d) {
        if (d == null) {
            return "-";
        }
        return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    }
}
