package dev.plimsoll.read.clickhouse;

import com.clickhouse.client.api.query.GenericRecord;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * How far the stored minutes reach: the newest minute in {@code service_minute} per service and
 * overall. The streams job writes a minute only once it is final (its window closed), and a
 * service's minutes in order, so every minute of a service up to its newest stored one is final.
 * Read from the all-tenants rows (every event counts there).
 */
@Singleton
@Requires(property = "plimsoll.read.enabled", notEquals = "false")
public final class FreshnessReader {

    private final ClickHouseGateway gateway;

    public FreshnessReader(ClickHouseGateway gateway) {
        this.gateway = gateway;
    }

    /**
     * The start of the newest stored minute of each of {@code services} that has one, looking back
     * at most {@code lookback} from {@code now}; for {@code ""} (all services, as in {@link
     * SeriesQuery}) the newest of any service. One query either way.
     */
    public Map<String, Instant> newestMinutes(
            Collection<String> services, Instant now, java.time.Duration lookback) {
        Map<String, Instant> out = new HashMap<>();
        if (services.isEmpty()) {
            return out;
        }
        boolean anyService = services.contains("");
        SqlParameters p = new SqlParameters();
        StringBuilder in = new StringBuilder();
        int i = 0;
        for (String s : services) {
            in.append(i == 0 ? "" : ", ").append(p.string("s" + i, s));
            i++;
        }
        String sql =
                "SELECT service, toInt64(toUnixTimestamp(max(minute))) AS newest FROM"
                        + " service_minute WHERE tenant = '' AND operation = ''"
                        + (anyService ? "" : " AND service IN (" + in + ")")
                        + " AND minute >= toDateTime("
                        + p.int64("since", now.minus(lookback).getEpochSecond())
                        + ", 'UTC') GROUP BY service";
        for (GenericRecord row : gateway.query(sql, p.values())) {
            String service = row.getString("service");
            Instant newest = Instant.ofEpochSecond(row.getLong("newest"));
            if (services.contains(service)) {
                out.put(service, newest);
            }
            if (anyService) {
                out.merge("", newest, (a, b) -> a.isAfter(b) ? a : b);
            }
        }
        return out;
    }
}
