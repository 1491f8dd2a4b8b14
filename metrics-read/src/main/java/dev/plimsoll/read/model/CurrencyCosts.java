package dev.plimsoll.read.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** Every cost of a range in one currency (currencies are never summed together). */
@Serdeable
@Schema(description = "Every cost of the range in one currency.")
@JsonInclude(JsonInclude.Include.ALWAYS)
public record CurrencyCosts(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "ISO 4217 currency")
                String currency,
        @Schema(
                        requiredMode = Schema.RequiredMode.REQUIRED,
                        type = "string",
                        format = "decimal",
                        description =
                                "every cost in the range: direct, shared allocated and shared"
                                        + " unallocated")
                String total,
        @Schema(
                        requiredMode = Schema.RequiredMode.REQUIRED,
                        type = "string",
                        format = "decimal",
                        description = "all shared cost (allocated to services or not)")
                String shared,
        @Schema(
                        requiredMode = Schema.RequiredMode.REQUIRED,
                        type = "string",
                        format = "decimal",
                        description =
                                "shared cost no service could be given (no traffic in its hours)")
                String unallocated,
        @Schema(
                        requiredMode = Schema.RequiredMode.REQUIRED,
                        description = "per service, sorted by name")
                List<ServiceCost> services) {}
