package dev.plimsoll.read.model;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.Map;

/**
 * Latency of one point: {@code {"t", "count", "errors", "corrected", "p50", "p95", "p99"}} with one
 * {@code p…} field per requested quantile, in request order.
 *
 * <p>Field descriptions are {@code @Schema} annotations: the OpenAPI document of the modules that
 * serve this type is generated from them (Javadoc of another module is not visible there).
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(
        description =
                "One point: t, count, errors, corrected, then one number per requested quantile"
                        + " named p<percent> (0.5 -> p50, 0.95 -> p95, 0.999 -> p99_9), in"
                        + " milliseconds, null when count is 0.",
        example =
                "{\"t\":\"2024-05-01T10:00:00Z\",\"count\":1200,\"errors\":3,"
                        + "\"corrected\":false,\"p50\":48.7,\"p95\":212.4,\"p99\":530.1}",
        additionalPropertiesSchema = Double.class)
public record LatencyPoint(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = PointDocs.T) String t,
        @Schema(
                        requiredMode = Schema.RequiredMode.REQUIRED,
                        description = "requests that started in the point")
                long count,
        @Schema(
                        requiredMode = Schema.RequiredMode.REQUIRED,
                        description = "failed requests among them")
                long errors,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = PointDocs.CORRECTED)
                boolean corrected,
        @Schema(hidden = true) @JsonAnyGetter Map<String, Double> quantiles) {}
