package dev.plimsoll.read.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Request and error counts of one point.
 *
 * <p>Field descriptions are {@code @Schema} annotations: the OpenAPI document of the modules that
 * serve this type is generated from them (Javadoc of another module is not visible there).
 */
@Serdeable
@Schema(description = "Request and error counts of one point.")
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RequestsPoint(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = PointDocs.T) String t,
        @Schema(
                        requiredMode = Schema.RequiredMode.REQUIRED,
                        description = "requests that started in the point")
                long count,
        @Schema(
                        requiredMode = Schema.RequiredMode.REQUIRED,
                        description = "failed requests among them")
                long errors,
        @Schema(
                        requiredMode = Schema.RequiredMode.REQUIRED,
                        description =
                                "`count` divided by the seconds of the point inside the range")
                double requestsPerSecond,
        @Schema(
                        requiredMode = Schema.RequiredMode.REQUIRED,
                        description = "`errors` divided by the same")
                double errorsPerSecond,
        @Schema(
                        requiredMode = Schema.RequiredMode.REQUIRED,
                        description = "`errors / count`, null when `count` is 0")
                @Nullable
                Double errorRatio,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = PointDocs.CORRECTED)
                boolean corrected,
        @Schema(
                        requiredMode = Schema.RequiredMode.REQUIRED,
                        description =
                                "of `count`, the requests that arrived after their minute had been"
                                        + " written and were counted as corrections")
                long lateCount) {}
