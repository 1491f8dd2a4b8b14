package dev.plimsoll.queryapi.model;

import dev.plimsoll.read.model.ServiceSummary;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * {@code GET /api/v1/services}: the services with data in {@code [from, to)}, by name.
 *
 * @param tenant the tenant read ({@code ""}: all tenants)
 * @param from the requested start, RFC 3339
 * @param to the requested end, RFC 3339
 * @param services the services, sorted by name
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ServiceList(String tenant, String from, String to, List<ServiceSummary> services) {}
