package dev.plimsoll.notify.http;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

/**
 * The OpenAPI document of the notification routes, generated at build time into {@code
 * META-INF/swagger/plimsoll-notify-api.yml} and served at {@code /swagger/plimsoll-notify-api.yml}
 * next to the query API's document.
 */
@OpenAPIDefinition(
        info =
                @Info(
                        title = "Plimsoll notify API",
                        version = "v1",
                        description =
                                "Contact points and deliveries. A contact point is a place alert"
                                    + " notifications go: a Slack, Microsoft Teams, Discord or"
                                    + " Google Chat webhook, or a generic Standard Webhooks"
                                    + " receiver; alert rules name them in notify. A delivery is"
                                    + " one message to one contact point, with its status (pending,"
                                    + " retrying, delivered, dead), attempts, last error and"
                                    + " response code, kept for the retention"
                                    + " (plimsoll.notify.retention, 7 days by default). Webhook"
                                    + " URLs and secrets are accepted but never returned: responses"
                                    + " mask a URL to its scheme and host and a secret to"
                                    + " whsec_********; a secret Plimsoll generates is shown once,"
                                    + " in the answer that created it (generatedSecret). Contact"
                                    + " points of the contact points file are read-only here (409)."
                                    + " Reading (GET) needs an API key with scope read; creating,"
                                    + " replacing, deleting and test-sending contact points and"
                                    + " retrying deliveries need scope admin (no or unknown key:"
                                    + " 401; a key without the scope: 403). Errors are"
                                    + " application/problem+json; a 400 lists every bad field in"
                                    + " invalidParams; a 503 kafka-unavailable (with Retry-After)"
                                    + " means Kafka did not confirm a write."),
        security = @SecurityRequirement(name = "apiKey"))
@SecurityScheme(name = "apiKey", type = SecuritySchemeType.HTTP, scheme = "bearer")
final class NotifyOpenApi {

    private NotifyOpenApi() {}
}
