package dev.plimsoll.read.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Distinct users during one point.
 *
 * <p>Field descriptions are {@code @Schema} annotations: the OpenAPI document of the modules that
 * serve this type is generated from them (Javadoc of another module is not visible there).
 */
@Serdeable
@Schema(description = "Distinct users during one point.")
@JsonInclude(JsonInclude.Include.ALWAYS)
public record UsersPoint(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = PointDocs.T) String t,
        @Schema(
                        requiredMode = Schema.RequiredMode.REQUIRED,
                        description =
                                "distinct users who made a request during the point (an estimate,"
                                    + " see the series' `relativeStandardError`); for a sampled"
                                    + " point read from minute rows, the sample's distinct count"
                                    + " times 2^`sampleShift`^")
                long activeUsers,
        @Schema(
                        requiredMode = Schema.RequiredMode.REQUIRED,
                        description =
                                "whether a minute of the point had more distinct users than the"
                                    + " streams job keeps (65 536 per service-minute) and stored a"
                                    + " 1-in-2^shift^ hash sample")
                boolean sampled,
        @Schema(
                        requiredMode = Schema.RequiredMode.REQUIRED,
                        description =
                                "the largest sampling shift of the point's minutes, 0 when none was"
                                        + " sampled")
                int sampleShift,
        @Schema(
                        requiredMode = Schema.RequiredMode.REQUIRED,
                        description =
                                "whether `activeUsers` could not be corrected for sampling (the"
                                    + " point reads hourly or daily rollups, which cannot be"
                                    + " filtered by hash) and so undercounts: read a finer step or"
                                    + " a range of whole minutes to get the corrected estimate")
                boolean lowerBound,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = PointDocs.CORRECTED)
                boolean corrected) {}
