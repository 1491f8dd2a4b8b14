package dev.plimsoll.read.clickhouse;

import dev.plimsoll.core.cost.Money;
import dev.plimsoll.read.model.CostPoint;
import dev.plimsoll.read.model.CurrencyCosts;
import dev.plimsoll.read.model.ServiceCost;
import dev.plimsoll.read.model.UsersPoint;
import dev.plimsoll.read.params.TimeRange;

import com.clickhouse.client.api.query.GenericRecord;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the cost job's tables, {@code cost_hour} and {@code cost_day} (migration V0004), always
 * with {@code FINAL} and without deleted keys: the latest version of every row. A period belongs to
 * a range when its start does. Sums of money are exact ({@code Decimal(38, 18)} in ClickHouse,
 * {@link BigDecimal} here); currencies are never summed together.
 */
@Singleton
@Requires(property = "plimsoll.read.enabled", notEquals = "false")
public final class CostReader {

    /**
     * The service name of the rows of all services together (core's {@code CostLine.OVERALL}):
     * every cost of the currency over the distinct users and requests of every service.
     */
    public static final String ALL_SERVICES = dev.plimsoll.core.cost.CostLine.OVERALL;

    private final ClickHouseGateway gateway;
    private final UsersReader users;

    public CostReader(ClickHouseGateway gateway, UsersReader users) {
        this.gateway = gateway;
        this.users = users;
    }

    /**
     * The service's hourly ({@code daily == false}) or daily points in the range, by time; {@link
     * #ALL_SERVICES} reads the rows of all services together.
     */
    public List<CostPoint> perUser(String service, TimeRange range, boolean daily) {
        SqlParameters p = new SqlParameters();
        String sql =
                "SELECT toInt64(toUnixTimestamp("
                        + (daily ? "toDateTime(day, 'UTC')" : "hour")
                        + ")) AS t, currency, total, active_users, cost_per_user, requests,"
                        + " cost_per_thousand_requests, final FROM "
                        + (daily ? "cost_day" : "cost_hour")
                        + " FINAL WHERE service = "
                        + p.string("service", service)
                        + " AND "
                        + periodIn(daily, range, p)
                        + " AND is_deleted = 0 ORDER BY t, currency";
        List<CostPoint> points = new ArrayList<>();
        for (GenericRecord r : gateway.query(sql, p.values())) {
            points.add(
                    new CostPoint(
                            TimeRange.format(r.getLong("t")),
                            r.getString("currency"),
                            money(r.getBigDecimal("total")),
                            r.getLong("active_users"),
                            nullableMoney(r, "cost_per_user"),
                            r.getLong("requests"),
                            nullableMoney(r, "cost_per_thousand_requests"),
                            r.getBoolean("final")));
        }
        return points;
    }

    /** Whether the cost tables hold any row of {@code service}. */
    public boolean knows(String service) {
        SqlParameters p = new SqlParameters();
        String condition = "service = " + p.string("service", service);
        List<GenericRecord> rows =
                gateway.query(
                        "SELECT toInt64(count()) AS n FROM ((SELECT 1 FROM cost_hour WHERE "
                                + condition
                                + " LIMIT 1) UNION ALL (SELECT 1 FROM cost_day WHERE "
                                + condition
                                + " LIMIT 1))",
                        p.values());
        return rows.get(0).getLong("n") > 0;
    }

    /**
     * Every cost of the range per currency, with per-service totals: read from {@code cost_day}
     * when the range is whole UTC days, else from {@code cost_hour}. A service's distinct users
     * over the range are its request metrics' users merged over the range ({@link UsersReader}, one
     * point, all tenants).
     */
    public List<CurrencyCosts> totals(TimeRange range) {
        boolean daily = wholeDays(range);
        SqlParameters p = new SqlParameters();
        String sql =
                "SELECT currency, service, sum(direct) AS direct, sum(shared_allocated) AS"
                        + " shared, sum(unallocated) AS unallocated, sum(total) AS total FROM "
                        + (daily ? "cost_day" : "cost_hour")
                        + " FINAL WHERE "
                        + periodIn(daily, range, p)
                        + " AND is_deleted = 0 GROUP BY currency, service"
                        + " ORDER BY currency, service = '', service";
        Map<String, Long> usersByService = new LinkedHashMap<>();
        Map<String, List<ServiceCost>> services = new LinkedHashMap<>();
        Map<String, CurrencyCosts> currencies = new LinkedHashMap<>();
        for (GenericRecord r : gateway.query(sql, p.values())) {
            String currency = r.getString("currency");
            String service = r.getString("service");
            BigDecimal total = r.getBigDecimal("total");
            List<ServiceCost> list = services.computeIfAbsent(currency, c -> new ArrayList<>());
            if (service.isEmpty()) {
                BigDecimal shared = r.getBigDecimal("shared").add(r.getBigDecimal("unallocated"));
                currencies.put(
                        currency,
                        new CurrencyCosts(
                                currency,
                                money(total),
                                money(shared),
                                money(r.getBigDecimal("unallocated")),
                                list));
            } else {
                long activeUsers =
                        usersByService.computeIfAbsent(service, s -> usersOver(s, range));
                list.add(
                        new ServiceCost(
                                service,
                                money(r.getBigDecimal("direct")),
                                money(r.getBigDecimal("shared")),
                                money(total),
                                activeUsers,
                                money(Money.perUser(Money.exact(total), activeUsers))));
            }
        }
        return List.copyOf(currencies.values());
    }

    private long usersOver(String service, TimeRange range) {
        List<UsersPoint> points =
                users.read(new SeriesQuery("", service, "", range, Optional.empty()));
        return points.isEmpty() ? 0 : points.get(0).activeUsers();
    }

    /** Whether {@code [from, to)} starts and ends at midnight UTC. */
    static boolean wholeDays(TimeRange range) {
        return range.from().getNano() == 0
                && range.to().getNano() == 0
                && range.from().getEpochSecond() % 86_400 == 0
                && range.to().getEpochSecond() % 86_400 == 0;
    }

    /** The periods starting in {@code [from, to)}. */
    private static String periodIn(boolean daily, TimeRange range, SqlParameters p) {
        long from =
                ceil(range.from().getEpochSecond(), range.from().getNano(), daily ? 86_400 : 3600);
        long to = ceil(range.to().getEpochSecond(), range.to().getNano(), daily ? 86_400 : 3600);
        String column = daily ? "day" : "hour";
        String cast = daily ? "toDate(toDateTime(%s, 'UTC'))" : "toDateTime(%s, 'UTC')";
        return column
                + " >= "
                + String.format(cast, p.int64("from", from))
                + " AND "
                + column
                + " < "
                + String.format(cast, p.int64("to", to));
    }

    private static long ceil(long second, int nano, long unit) {
        long floor = Math.floorDiv(second, unit) * unit;
        return floor == second && nano == 0 ? floor : floor + unit;
    }

    /** An exact decimal as a plain string without trailing zeros ({@code 1.025}, {@code 0}). */
    static String money(BigDecimal d) {
        if (d == null) {
            return null;
        }
        return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    }

    private static String nullableMoney(GenericRecord r, String column) {
        return r.hasValue(column) ? money(r.getBigDecimal(column)) : null;
    }
}
