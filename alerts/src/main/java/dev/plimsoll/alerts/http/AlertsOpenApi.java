package dev.plimsoll.alerts.http;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

/**
 * The OpenAPI document of the alerting routes, generated at build time into {@code
 * META-INF/swagger/plimsoll-alerts-api.yml} and served at {@code /swagger/plimsoll-alerts-api.yml}
 * next to the query API's document.
 */
@OpenAPIDefinition(
        info =
                @Info(
                        title = "Plimsoll alerts API",
                        version = "v1",
                        description =
                                "Alert rules (with backtest), alerts and their history, silences."
                                    + " Rule bodies follow the rule schema of docs/alerts.md, the"
                                    + " same as rule files. Reading and backtesting need an API key"
                                    + " with scope read; creating, replacing and deleting rules and"
                                    + " silences need scope admin. Errors are"
                                    + " application/problem+json; a 400 lists every bad field in"
                                    + " invalidParams."),
        security = @SecurityRequirement(name = "apiKey"))
@SecurityScheme(name = "apiKey", type = SecuritySchemeType.HTTP, scheme = "bearer")
final class AlertsOpenApi {

    private AlertsOpenApi() {}
}
