package dev.plimsoll.read.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * In-flight requests during one point.
 *
 * <p>Field descriptions are {@code @Schema} annotations: the OpenAPI document of the modules that
 * serve this type is generated from them (Javadoc of another module is not visible there).
 */
@Serdeable
@Schema(description = "In-flight requests during one point.")
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ConcurrencyPoint(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = PointDocs.T) String t,
        @Schema(
                        requiredMode = Schema.RequiredMode.REQUIRED,
                        description =
                                "the most requests in flight at once: the maximum of the minute"
                                        + " peaks")
                long peak,
        @Schema(
                        requiredMode = Schema.RequiredMode.REQUIRED,
                        description =
                                "the time-weighted mean in flight: the summed in-flight time"
                                    + " divided by the length of the point inside the range (idle"
                                    + " minutes count as zero)")
                double mean,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = PointDocs.CORRECTED)
                boolean corrected,
        @Schema(
                        requiredMode = Schema.RequiredMode.REQUIRED,
                        description =
                                "whether `peak` is an upper bound rather than exact: a minute of"
                                        + " the point has late corrections with requests in flight,"
                                        + " measured apart from its other requests, and its peak is"
                                        + " the sum of the parts' peaks (at least the true peak)."
                                        + " `mean` stays exact")
                boolean peakUpperBound) {}
