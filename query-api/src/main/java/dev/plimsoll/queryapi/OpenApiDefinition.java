package dev.plimsoll.queryapi;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeIn;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.info.License;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The OpenAPI document's header. The document is generated at build time from the controllers
 * (annotations and Javadoc) into {@code META-INF/swagger/plimsoll-api.yml} and served at {@code
 * /swagger/plimsoll-api.yml}, with Swagger UI at {@code /swagger-ui/index.html}.
 */
@OpenAPIDefinition(
        info =
                @Info(
                        title = "Plimsoll API",
                        version = "1",
                        description =
                                "Latency percentiles, throughput, concurrency and active users per"
                                        + " service, read from Plimsoll's per-minute aggregates and"
                                        + " their hourly and daily rollups. Times are RFC 3339 UTC;"
                                        + " `from` is inclusive, `to` exclusive. Errors are"
                                        + " `application/problem+json` (RFC 9457).",
                        license =
                                @License(
                                        name = "Apache-2.0",
                                        url = "https://www.apache.org/licenses/LICENSE-2.0")),
        tags = {
            @Tag(name = "services", description = "Which services have data."),
            @Tag(name = "metrics", description = "Per-service series for dashboards and scripts.")
        },
        security = {@SecurityRequirement(name = "bearer"), @SecurityRequirement(name = "apiKey")})
@SecurityScheme(
        name = "bearer",
        type = SecuritySchemeType.HTTP,
        scheme = "bearer",
        description = "An API key with scope `read` (or `admin`): `Authorization: Bearer <key>`.")
@SecurityScheme(
        name = "apiKey",
        type = SecuritySchemeType.APIKEY,
        in = SecuritySchemeIn.HEADER,
        paramName = "X-API-Key",
        description = "The same key in the `X-API-Key` header.")
final class OpenApiDefinition {

    private OpenApiDefinition() {}
}
