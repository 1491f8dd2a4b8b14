package dev.plimsoll.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The generated OpenAPI document describes every alerting route, with problems as problem+json. */
class OpenApiDocumentTest {

    @Test
    void describesEveryRoute() throws Exception {
        JsonNode doc;
        try (InputStream in =
                getClass().getResourceAsStream("/META-INF/swagger/plimsoll-alerts-api.yml")) {
            assertThat(in).as("generated document").isNotNull();
            doc = new ObjectMapper(new YAMLFactory()).readTree(in);
        }
        JsonNode paths = doc.get("paths");
        assertThat(doc.get("info").get("title").asText()).isEqualTo("Plimsoll alerts API");
        for (String[] route :
                List.of(
                        new String[] {"/api/v1/rules", "get", "listRules"},
                        new String[] {"/api/v1/rules", "post", "createRule"},
                        new String[] {"/api/v1/rules/{id}", "get", "getRule"},
                        new String[] {"/api/v1/rules/{id}", "put", "replaceRule"},
                        new String[] {"/api/v1/rules/{id}", "delete", "deleteRule"},
                        new String[] {"/api/v1/rules/backtest", "post", "backtestRule"},
                        new String[] {"/api/v1/alerts", "get", "listAlerts"},
                        new String[] {"/api/v1/alerts/{id}", "get", "getAlert"},
                        new String[] {"/api/v1/silences", "get", "listSilences"},
                        new String[] {"/api/v1/silences", "post", "createSilence"},
                        new String[] {"/api/v1/silences/{id}", "delete", "deleteSilence"})) {
            JsonNode op = paths.path(route[0]).path(route[1]);
            assertThat(op.path("operationId").asText())
                    .as(route[0] + " " + route[1])
                    .isEqualTo(route[2]);
            assertThat(op.path("summary").asText()).isNotBlank();
        }
        assertThat(
                        paths.get("/api/v1/rules")
                                .get("post")
                                .get("responses")
                                .get("400")
                                .get("content")
                                .has("application/problem+json"))
                .isTrue();
    }
}
