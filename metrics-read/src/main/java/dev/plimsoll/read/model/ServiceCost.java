package dev.plimsoll.read.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

/** One service's cost over a range, in one currency. Money as exact decimal strings. */
@Serdeable
@Schema(description = "One service's cost over the range, in one currency.")
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ServiceCost(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "the service")
                String service,
        @Schema(
                        requiredMode = Schema.RequiredMode.REQUIRED,
                        type = "string",
                        format = "decimal",
                        description = "cost the service owns (by its field or tags)")
                String direct,
        @Schema(
                        requiredMode = Schema.RequiredMode.REQUIRED,
                        type = "string",
                        format = "decimal",
                        description = "its share of shared cost, by the shared-cost policies")
                String sharedAllocated,
        @Schema(
                        requiredMode = Schema.RequiredMode.REQUIRED,
                        type = "string",
                        format = "decimal",
                        description = "direct + sharedAllocated")
                String total,
        @Schema(
                        requiredMode = Schema.RequiredMode.REQUIRED,
                        description =
                                "distinct users of the service over the whole range"
                                        + " (uniqCombined64 of its request metrics, merged over the"
                                        + " range)")
                long activeUsers,
        @Schema(
                        requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                        nullable = true,
                        type = "string",
                        format = "decimal",
                        description =
                                "total ÷ activeUsers, half-even at 18 decimal places; null without"
                                        + " users")
                @Nullable
                String costPerUser) {}
