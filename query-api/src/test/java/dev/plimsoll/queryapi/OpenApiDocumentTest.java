package dev.plimsoll.queryapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document generated at build time describes every parameter and every answer of each
 * endpoint. The shared parameters come from {@code @RequestBean} records and the problem answers
 * from meta-annotations ({@link ProblemResponses}, {@link SeriesResponses}), so this is where a
 * change in how micronaut-openapi reads them would show.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiDocumentTest {

    private static final String SERIES = "/api/v1/services/{service}/";
    private static final List<String> SERIES_ANSWERS =
            List.of("200", "400", "401", "403", "404", "503");

    private JsonNode paths;
    private JsonNode schemas;

    @BeforeAll
    void readDocument() throws IOException {
        try (InputStream in =
                getClass().getResourceAsStream("/META-INF/swagger/plimsoll-api.yml")) {
            assertThat(in).as("generated OpenAPI document").isNotNull();
            JsonNode document = new ObjectMapper(new YAMLFactory()).readTree(in);
            paths = document.get("paths");
            schemas = document.path("components").path("schemas");
        }
    }

    /**
     * Every field of every answer is described and the non-null ones are required — also for the
     * point types of the {@code metrics-read} module, whose Javadoc the generator cannot see (they
     * carry {@code @Schema} annotations instead).
     */
    @ParameterizedTest
    @MethodSource("pointSchemas")
    void pointFieldsAreDescribedAndRequired(String schema, List<String> required) {
        JsonNode node = schemas.path(schema);
        assertThat(node.isMissingNode()).as(schema).isFalse();
        assertThat(node.path("description").asText()).as(schema + " description").isNotBlank();
        List<String> requiredFields = new ArrayList<>();
        node.path("required").forEach(n -> requiredFields.add(n.asText()));
        assertThat(requiredFields)
                .as(schema + " required")
                .containsExactlyInAnyOrderElementsOf(required);
        node.path("properties")
                .fields()
                .forEachRemaining(
                        e ->
                                assertThat(e.getValue().path("description").asText())
                                        .as(schema + "." + e.getKey() + " description")
                                        .isNotBlank());
    }

    static Stream<Arguments> pointSchemas() {
        return Stream.of(
                Arguments.of("LatencyPoint", List.of("t", "count", "errors", "corrected")),
                Arguments.of(
                        "RequestsPoint",
                        List.of(
                                "t",
                                "count",
                                "errors",
                                "requestsPerSecond",
                                "errorsPerSecond",
                                "errorRatio",
                                "corrected",
                                "lateCount")),
                Arguments.of(
                        "ConcurrencyPoint",
                        List.of("t", "peak", "mean", "corrected", "peakUpperBound")),
                Arguments.of(
                        "UsersPoint",
                        List.of(
                                "t",
                                "activeUsers",
                                "sampled",
                                "sampleShift",
                                "lowerBound",
                                "corrected")),
                Arguments.of("ServiceSummary", List.of("service", "requests", "errors")));
    }

    /** Generated clients name their methods after operationIds: one per endpoint, by its metric. */
    @Test
    void operationIdsAreUniqueAndNamedAfterTheEndpoint() {
        Map<String, String> ids = new java.util.TreeMap<>();
        paths.fields()
                .forEachRemaining(
                        e ->
                                ids.put(
                                        e.getKey(),
                                        e.getValue().path("get").path("operationId").asText()));

        assertThat(ids)
                .containsEntry(SERIES + "latency", "latency")
                .containsEntry(SERIES + "requests", "requests")
                .containsEntry(SERIES + "concurrency", "concurrency")
                .containsEntry(SERIES + "users", "users");
        assertThat(new java.util.HashSet<>(ids.values())).hasSameSizeAs(ids.values());
        assertThat(paths.path(SERIES + "latency").path("get").path("description").asText())
                .contains("quantiles")
                .doesNotContain("per-second");
    }

    /** Each endpoint: its parameters, its answers, and the schema of its 200 answer. */
    static Stream<Arguments> endpoints() {
        return Stream.of(
                Arguments.of(
                        "/api/v1/services",
                        List.of("from", "to", "tenant"),
                        List.of("200", "400", "401", "403", "503"),
                        "ServiceList"),
                Arguments.of(
                        SERIES + "requests",
                        List.of("service", "step", "from", "to", "tenant", "operation"),
                        SERIES_ANSWERS,
                        "RequestsSeries"),
                Arguments.of(
                        SERIES + "latency",
                        List.of(
                                "service",
                                "step",
                                "from",
                                "to",
                                "tenant",
                                "quantiles",
                                "operation"),
                        SERIES_ANSWERS,
                        "LatencySeries"),
                Arguments.of(
                        SERIES + "concurrency",
                        List.of("service", "step", "from", "to", "tenant", "operation"),
                        SERIES_ANSWERS,
                        "ConcurrencySeries"),
                Arguments.of(
                        SERIES + "users",
                        List.of("service", "step", "from", "to", "tenant"),
                        SERIES_ANSWERS,
                        "UsersSeries"),
                Arguments.of(
                        SERIES + "cost-per-user",
                        List.of("service", "step", "from", "to"),
                        SERIES_ANSWERS,
                        "CostPerUserSeries"),
                Arguments.of(
                        "/api/v1/cost-per-user",
                        List.of("step", "from", "to"),
                        List.of("200", "400", "401", "403", "503"),
                        "CostPerUserSeries"),
                Arguments.of(
                        "/api/v1/costs",
                        List.of("from", "to"),
                        List.of("200", "400", "401", "403", "503"),
                        "CostReport"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void everyParameterIsDescribed(
            String path, List<String> parameters, List<String> answers, String schema) {
        JsonNode get = paths.at(pointer(path) + "/get");

        assertThat(get.get("parameters"))
                .extracting(p -> p.get("name").asText())
                .containsExactlyInAnyOrderElementsOf(parameters);
        for (JsonNode parameter : get.get("parameters")) {
            assertThat(parameter.path("description").asText())
                    .as(path + " " + parameter.get("name"))
                    .isNotBlank();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void everyAnswerIsDescribedAndProblemsAreProblemJson(
            String path, List<String> parameters, List<String> answers, String schema) {
        JsonNode responses = paths.at(pointer(path) + "/get/responses");

        List<String> codes = new ArrayList<>();
        responses.fieldNames().forEachRemaining(codes::add);
        assertThat(codes).containsExactlyInAnyOrderElementsOf(answers);
        for (String code : codes) {
            JsonNode response = responses.get(code);
            assertThat(response.path("description").asText()).as(path + " " + code).isNotBlank();
            String ref =
                    code.equals("200")
                            ? response.at("/content/application~1json/schema/$ref").asText()
                            : response.at("/content/application~1problem+json/schema/$ref")
                                    .asText();
            assertThat(ref)
                    .as(path + " " + code)
                    .isEqualTo("#/components/schemas/" + (code.equals("200") ? schema : "Problem"));
        }
    }

    @Test
    void usersSays404OnlyForTheServiceItHasNoOperation() {
        assertThat(paths.at(pointer(SERIES + "users") + "/get/responses/404/description").asText())
                .isEqualTo("The service was never seen in the retained data.");
        assertThat(
                        paths.at(pointer(SERIES + "latency") + "/get/responses/404/description")
                                .asText())
                .isEqualTo("The service (or operation) was never seen in the retained data.");
    }

    private static String pointer(String path) {
        return "/" + path.replace("~", "~0").replace("/", "~1");
    }
}
