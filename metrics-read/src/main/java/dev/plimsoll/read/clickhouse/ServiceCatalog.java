package dev.plimsoll.read.clickhouse;

import com.clickhouse.client.api.query.GenericRecord;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * Whether a service (or one of its operations) was ever seen by a tenant: "unknown" means no row at
 * all in {@code service_minute}, {@code service_hour} or {@code service_day} for that tenant, i.e.
 * never seen in the retained data (up to 14 days of minutes, 400 of hours, 5 years of days). A
 * tenant-bound caller therefore gets 404 for another tenant's services, not a hint that they exist.
 */
@Singleton
@Requires(property = "plimsoll.read.enabled", notEquals = "false")
public final class ServiceCatalog {

    private final ClickHouseGateway gateway;

    public ServiceCatalog(ClickHouseGateway gateway) {
        this.gateway = gateway;
    }

    /**
     * Whether {@code tenant} has any row for {@code service} (and {@code operation}, unless it is
     * {@code null}).
     */
    public boolean exists(String tenant, String service, String operation) {
        SqlParameters parameters = new SqlParameters();
        String condition =
                "tenant = "
                        + parameters.string("tenant", tenant)
                        + " AND service = "
                        + parameters.string("service", service);
        if (operation != null) {
            condition += " AND operation = " + parameters.string("operation", operation);
        }
        StringBuilder sql = new StringBuilder("SELECT toInt64(count()) AS n FROM (");
        Resolution[] tables = Resolution.values();
        for (int i = 0; i < tables.length; i++) {
            if (i > 0) {
                sql.append(" UNION ALL ");
            }
            sql.append("(SELECT 1 FROM ")
                    .append(tables[i].table())
                    .append(" WHERE ")
                    .append(condition)
                    .append(" LIMIT 1)");
        }
        sql.append(")");
        List<GenericRecord> rows = gateway.query(sql.toString(), parameters.values());
        return !rows.isEmpty() && rows.get(0).getLong("n") > 0;
    }
}
