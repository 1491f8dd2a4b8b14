package dev.plimsoll.queryapi.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

/**
 * A service seen in the requested range.
 *
 * @param service the service name
 * @param requests requests it served in the range
 * @param errors failed requests among them
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ServiceSummary(String service, long requests, long errors) {}
