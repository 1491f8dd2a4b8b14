package dev.plimsoll.queryapi;

import dev.plimsoll.queryapi.support.Http;
import dev.plimsoll.queryapi.support.SmallDatasetServer;
import dev.plimsoll.queryapi.support.TestKeys;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import static dev.plimsoll.queryapi.support.SmallDataset.range;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operational endpoints with a reachable ClickHouse: health, Prometheus self-metrics, the
 * OpenAPI document and its browsable UI (served from the jar, no internet needed).
 */
@MicronautTest
class OperationsEndpointsTest extends SmallDatasetServer {

    @Test
    void healthIsUpWithClickHouseDetails() {
        Http.Reply reply = get("/health", null);

        assertThat(reply.status()).isEqualTo(200);
        JsonNode body = reply.json();
        assertThat(body.get("status").asText()).isEqualTo("UP");
        assertThat(body.at("/details/clickhouse/status").asText()).isEqualTo("UP");
        assertThat(body.at("/details/clickhouse/details/version").asText()).isNotBlank();
        assertThat(body.at("/details/clickhouse/details/database").asText())
                .startsWith("operationsendpointstest");
        assertThat(reply.body()).doesNotContain("password");
    }

    @Test
    void readinessIsUp() {
        Http.Reply reply = get("/health/readiness", null);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().at("/details/clickhouse/status").asText()).isEqualTo("UP");
    }

    @Test
    void prometheusExposesHttpServerLatencyOfApiRequests() {
        assertThat(get("/api/v1/services?" + range("00:00", "+1 00:00")).status()).isEqualTo(200);

        Http.Reply reply = get("/prometheus", null);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("text/plain");
        assertThat(reply.body())
                .contains("http_server_requests_seconds_count{")
                .contains("uri=\"/api/v1/services\"")
                .contains("http_server_requests_seconds_bucket{")
                .contains("jvm_memory_used_bytes");
    }

    @Test
    void prometheusNeedsNoApiKey() {
        assertThat(get("/prometheus", null).status()).isEqualTo(200);
    }

    @Test
    void openApiDocumentIsServed() {
        Http.Reply reply = get("/swagger/plimsoll-api.yml", null);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body())
                .startsWith("openapi: 3.")
                .contains("title: Plimsoll API")
                .contains("/api/v1/services:")
                .contains("/api/v1/services/{service}/latency:")
                .contains("/api/v1/services/{service}/requests:")
                .contains("/api/v1/services/{service}/concurrency:")
                .contains("/api/v1/services/{service}/users:")
                .contains("application/problem+json")
                .contains("scheme: bearer");
    }

    @Test
    void swaggerUiPageIsServed() {
        Http.Reply reply = get("/swagger-ui/index.html", null);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("text/html");
        assertThat(reply.body())
                .contains("/swagger-ui/res/swagger-ui-bundle.js")
                .contains("/swagger/plimsoll-api.yml")
                .doesNotContain("https://cdn")
                .doesNotContain("unpkg.com");
    }

    @Test
    void swaggerUiAssetsAreServedLocally() {
        Http.Reply bundle = get("/swagger-ui/res/swagger-ui-bundle.js", null);
        Http.Reply css = get("/swagger-ui/res/swagger-ui.css", null);

        assertThat(bundle.status()).isEqualTo(200);
        assertThat(bundle.body().length()).isGreaterThan(100_000);
        assertThat(css.status()).isEqualTo(200);
    }

    @Test
    void theDocumentAndUiNeedNoApiKeyButTheApiDoes() {
        assertThat(get("/swagger/plimsoll-api.yml", null).status()).isEqualTo(200);
        assertThat(get("/api/v1/services?" + range("00:00", "+1 00:00"), null).status())
                .isEqualTo(401);
        assertThat(get("/api/v1/services?" + range("00:00", "+1 00:00"), TestKeys.READER).status())
                .isEqualTo(200);
    }
}
