package dev.plimsoll.read.clickhouse;

import dev.plimsoll.read.model.ServiceSummary;
import dev.plimsoll.read.params.TimeRange;

import com.clickhouse.client.api.query.GenericRecord;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The services with whole-service rows in a range, with their request and error counts. */
@Singleton
@Requires(property = "plimsoll.read.enabled", notEquals = "false")
public final class ServicesReader {

    private final ClickHouseGateway gateway;

    public ServicesReader(ClickHouseGateway gateway) {
        this.gateway = gateway;
    }

    public List<ServiceSummary> list(String tenant, TimeRange range) {
        List<Segment> segments =
                RollupPlanner.plan(range.firstMinute(), range.endMinute(), Optional.empty());
        if (segments.isEmpty()) {
            return List.of();
        }
        SqlParameters parameters = new SqlParameters();
        String tenantFilter = "tenant = " + parameters.string("tenant", tenant);
        List<String> selects = new ArrayList<>();
        for (int i = 0; i < segments.size(); i++) {
            Segment segment = segments.get(i);
            Resolution r = segment.resolution();
            selects.add(
                    "SELECT service, sum(count) AS c, sum(errors) AS e FROM "
                            + r.from()
                            + " WHERE "
                            + tenantFilter
                            + " AND operation = '' AND "
                            + r.compare(">=", parameters.int64("s" + i, segment.start()))
                            + " AND "
                            + r.compare("<", parameters.int64("e" + i, segment.end()))
                            + " GROUP BY service");
        }
        String sql =
                "SELECT toString(service) AS service, toInt64(sum(c)) AS requests,"
                        + " toInt64(sum(e)) AS errors FROM ("
                        + String.join(" UNION ALL ", selects)
                        + ") GROUP BY service ORDER BY service";
        List<ServiceSummary> services = new ArrayList<>();
        for (GenericRecord row : gateway.query(sql, parameters.values())) {
            services.add(
                    new ServiceSummary(
                            row.getString("service"),
                            row.getLong("requests"),
                            row.getLong("errors")));
        }
        return services;
    }
}
