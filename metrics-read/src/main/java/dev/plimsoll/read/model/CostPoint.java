package dev.plimsoll.read.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One hour or day of a service's cost per user, in one currency, as the cost job wrote it. Money is
 * a decimal <em>string</em> holding the exact stored value (up to 18 decimal places), never a
 * binary floating-point number.
 */
@Serdeable
@Schema(description = "One hour or day of a service's cost per user, in one currency.")
@JsonInclude(JsonInclude.Include.ALWAYS)
public record CostPoint(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = PointDocs.T) String t,
        @Schema(
                        requiredMode = Schema.RequiredMode.REQUIRED,
                        description = "ISO 4217 currency; a service billed in two has two points")
                String currency,
        @Schema(
                        requiredMode = Schema.RequiredMode.REQUIRED,
                        type = "string",
                        format = "decimal",
                        example = "1.025",
                        description =
                                "the service's cost in the period: its direct cost plus its share"
                                        + " of shared cost; an exact decimal as a string")
                String cost,
        @Schema(
                        requiredMode = Schema.RequiredMode.REQUIRED,
                        description =
                                "distinct users of the service in the period (a day's are the union"
                                        + " of its hours', not their sum)")
                long activeUsers,
        @Schema(
                        requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                        nullable = true,
                        type = "string",
                        format = "decimal",
                        example = "0.341666666666666667",
                        description =
                                "cost ÷ activeUsers, rounded half-even at 18 decimal places; null"
                                        + " when the period had no users")
                @Nullable
                String costPerUser,
        @Schema(
                        requiredMode = Schema.RequiredMode.REQUIRED,
                        description = "requests the service served in the period")
                long requests,
        @Schema(
                        requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                        nullable = true,
                        type = "string",
                        format = "decimal",
                        description =
                                "cost × 1000 ÷ requests, rounded half-even at 18 decimal places;"
                                        + " null without requests")
                @Nullable
                String costPerThousandRequests,
        @Schema(
                        requiredMode = Schema.RequiredMode.REQUIRED,
                        name = "final",
                        description =
                                "whether the period is past the cost job's settle time (a later"
                                        + " restatement can still change it); false: provisional")
                @JsonProperty("final")
                boolean isFinal) {}
