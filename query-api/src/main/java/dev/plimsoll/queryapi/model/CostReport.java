package dev.plimsoll.queryapi.model;

import dev.plimsoll.read.model.CurrencyCosts;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * {@code GET /api/v1/costs}: every cost of {@code [from, to)}, per currency, with the services'
 * shares.
 *
 * @param from the requested start, RFC 3339
 * @param to the requested end, RFC 3339
 * @param currencies one entry per currency with cost in the range, by code
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record CostReport(String from, String to, List<CurrencyCosts> currencies) {}
