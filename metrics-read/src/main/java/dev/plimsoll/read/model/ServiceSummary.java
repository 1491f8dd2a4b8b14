package dev.plimsoll.read.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A service seen in the requested range.
 *
 * <p>Field descriptions are {@code @Schema} annotations: the OpenAPI document of the modules that
 * serve this type is generated from them (Javadoc of another module is not visible there).
 */
@Serdeable
@Schema(description = "A service seen in the requested range.")
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ServiceSummary(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "the service name")
                String service,
        @Schema(
                        requiredMode = Schema.RequiredMode.REQUIRED,
                        description = "requests it served in the range")
                long requests,
        @Schema(
                        requiredMode = Schema.RequiredMode.REQUIRED,
                        description = "failed requests among them")
                long errors) {}
