package dev.plimsoll.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated OpenAPI document describes every notification route, with problems as problem+json.
 */
class OpenApiDocumentTest {

    @Test
    void describesEveryRoute() throws Exception {
        JsonNode doc;
        try (InputStream in =
                getClass().getResourceAsStream("/META-INF/swagger/plimsoll-notify-api.yml")) {
            assertThat(in).as("generated document").isNotNull();
            doc = new ObjectMapper(new YAMLFactory()).readTree(in);
        }
        JsonNode paths = doc.get("paths");
        assertThat(doc.get("info").get("title").asText()).isEqualTo("Plimsoll notify API");
        for (String[] route :
                List.of(
                        new String[] {"/api/v1/contact-points", "get", "listContactPoints"},
                        new String[] {"/api/v1/contact-points", "post", "createContactPoint"},
                        new String[] {"/api/v1/contact-points/{name}", "get", "getContactPoint"},
                        new String[] {
                            "/api/v1/contact-points/{name}", "put", "replaceContactPoint"
                        },
                        new String[] {
                            "/api/v1/contact-points/{name}", "delete", "deleteContactPoint"
                        },
                        new String[] {
                            "/api/v1/contact-points/{name}/test", "post", "testContactPoint"
                        },
                        new String[] {"/api/v1/deliveries", "get", "listDeliveries"},
                        new String[] {"/api/v1/deliveries/{id}", "get", "getDelivery"},
                        new String[] {"/api/v1/deliveries/{id}/retry", "post", "retryDelivery"})) {
            JsonNode op = paths.path(route[0]).path(route[1]);
            assertThat(op.path("operationId").asText())
                    .as(route[0] + " " + route[1])
                    .isEqualTo(route[2]);
            assertThat(op.path("summary").asText()).isNotBlank();
        }
        assertThat(
                        paths.get("/api/v1/contact-points")
                                .get("post")
                                .get("responses")
                                .get("400")
                                .get("content")
                                .has("application/problem+json"))
                .isTrue();
        // the shared answers (ProblemResponses' meta-annotations) reach each route that gives them
        JsonNode delete = paths.get("/api/v1/contact-points/{name}").get("delete").get("responses");
        assertThat(delete.fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder("204", "404", "409", "503");
        assertThat(delete.get("503").get("description").asText()).startsWith("kafka-unavailable");
        assertThat(delete.get("409").get("content").has("application/problem+json")).isTrue();
        assertThat(
                        paths.get("/api/v1/deliveries/{id}/retry")
                                .get("post")
                                .get("responses")
                                .has("503"))
                .isTrue();
    }
}
