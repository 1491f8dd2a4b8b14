package dev.plimsoll.read.clickhouse;

import dev.plimsoll.read.model.DeployPoint;

import com.clickhouse.client.api.query.GenericRecord;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Deploy markers of a service in a time range (table {@code deploys}, read with {@code FINAL}: a
 * marker sent twice is one row), newest first: the suspects of an alert, annotations of a
 * dashboard.
 */
@Singleton
@Requires(property = "plimsoll.read.enabled", notEquals = "false")
public final class DeploysReader {

    private final ClickHouseGateway gateway;

    public DeploysReader(ClickHouseGateway gateway) {
        this.gateway = gateway;
    }

    /**
     * Deploys of {@code service} ({@code ""}: of every service) with {@code from <= at <= to},
     * newest first, at most {@code limit}.
     */
    public List<DeployPoint> between(String service, Instant from, Instant to, int limit) {
        SqlParameters p = new SqlParameters();
        String sql =
                "SELECT service, version, toInt64(toUnixTimestamp64Micro(at)) AS at_us FROM deploys"
                        + " FINAL WHERE "
                        + (service.isEmpty()
                                ? ""
                                : "service = " + p.string("service", service) + " AND ")
                        + "at >= fromUnixTimestamp64Micro("
                        + p.int64("from", from.getEpochSecond() * 1_000_000 + from.getNano() / 1000)
                        + ", 'UTC') AND at <= fromUnixTimestamp64Micro("
                        + p.int64("to", to.getEpochSecond() * 1_000_000 + to.getNano() / 1000)
                        + ", 'UTC') ORDER BY at DESC, version LIMIT "
                        + p.int64("limit", limit);
        List<DeployPoint> out = new ArrayList<>();
        for (GenericRecord row : gateway.query(sql, p.values())) {
            long us = row.getLong("at_us");
            out.add(
                    new DeployPoint(
                            row.getString("service"),
                            row.getString("version"),
                            Instant.ofEpochSecond(
                                    Math.floorDiv(us, 1_000_000),
                                    Math.floorMod(us, 1_000_000) * 1000)));
        }
        return out;
    }
}
