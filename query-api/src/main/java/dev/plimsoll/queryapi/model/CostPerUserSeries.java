package dev.plimsoll.queryapi.model;

import dev.plimsoll.read.model.CostPoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * {@code GET /api/v1/services/{service}/cost-per-user}: the cost job's hourly or daily points of
 * one service, one per period and currency; {@code GET /api/v1/cost-per-user}: the same of all
 * services together (the infrastructure's cost per user).
 *
 * @param service the service; {@code ""} for all services
 * @param from the requested start, RFC 3339
 * @param to the requested end, RFC 3339
 * @param step {@code 1h} or {@code 1d}
 * @param points the periods with cost, by time then currency
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record CostPerUserSeries(
        String service, String from, String to, String step, List<CostPoint> points) {}
