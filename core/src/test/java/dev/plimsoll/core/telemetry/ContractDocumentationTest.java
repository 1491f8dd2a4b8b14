package dev.plimsoll.core.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps docs/telemetry-v1.md and docs/schema/telemetry-v1 honest: the documented examples pass the
 * validator and the schema, and schema and validator agree on a set of valid and invalid samples.
 */
class ContractDocumentationTest {

    private static final Path DOCS = Path.of("..", "docs");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, TelemetryCodec<?>> CODECS =
            Map.of(
                    "request-event", RequestEventCodec.withClock(RequestEventCodecTest.NOW),
                    "cost-record", CostRecordCodec.create(),
                    "deploy-marker", DeployMarkerCodec.withClock(RequestEventCodecTest.NOW));

    private static JsonSchema schema(String type) throws IOException {
        SchemaValidatorsConfig config =
                SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        try (InputStream in =
                Files.newInputStream(
                        DOCS.resolve("schema/telemetry-v1/" + type + ".schema.json"))) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(in, config);
        }
    }

    private static boolean validatorAccepts(String type, JsonNode record) throws Exception {
        return CODECS.get(type).decode(JSON.writeValueAsBytes(record)).isAccepted();
    }

    @Test
    void documentedExamplesAreValid() throws Exception {
        String doc = Files.readString(DOCS.resolve("telemetry-v1.md"));
        Matcher m =
                Pattern.compile(
                                "```json (request-event|cost-record|deploy-marker)\\n(.*?)```",
                                Pattern.DOTALL)
                        .matcher(doc);
        List<String> seen = new ArrayList<>();
        while (m.find()) {
            String type = m.group(1);
            JsonNode record = JSON.readTree(m.group(2));
            assertThat(validatorAccepts(type, record)).as(m.group(2)).isTrue();
            assertThat(schema(type).validate(record)).as(m.group(2)).isEmpty();
            seen.add(type);
        }
        assertThat(seen).contains("request-event", "cost-record", "deploy-marker").hasSize(7);
    }

    @Test
    void deadLetterExampleMatchesItsSchemaAndCodec() throws Exception {
        DeadLetter d =
                DeadLetter.of(
                        TelemetryTopics.REQUESTS,
                        "POST /api/v1/ingest/requests",
                        new RejectedRecord(3, "durationMs", "must be >= 0, was -5.0", "{}"),
                        1_772_366_400_250_000L);
        JsonNode node = JSON.readTree(DeadLetterCodec.encode(d));
        assertThat(schema("dead-letter").validate(node)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"request-event", "cost-record", "deploy-marker"})
    void schemaAndValidatorAgreeOnSamples(String type) throws Exception {
        JsonNode samples;
        try (InputStream in = getClass().getResourceAsStream("/telemetry-v1/samples.json")) {
            samples = JSON.readTree(in).get(type);
        }
        JsonSchema schema = schema(type);
        for (JsonNode valid : samples.get("valid")) {
            assertThat(validatorAccepts(type, valid)).as("validator, valid: %s", valid).isTrue();
            assertThat(schema.validate(valid)).as("schema, valid: %s", valid).isEmpty();
        }
        for (JsonNode invalid : samples.get("invalid")) {
            assertThat(validatorAccepts(type, invalid))
                    .as("validator, invalid: %s", invalid)
                    .isFalse();
            assertThat(schema.validate(invalid)).as("schema, invalid: %s", invalid).isNotEmpty();
        }
        for (JsonNode invalid : samples.get("validatorOnly")) {
            assertThat(validatorAccepts(type, invalid))
                    .as("validator, invalid: %s", invalid)
                    .isFalse();
            assertThat(schema.validate(invalid))
                    .as("a rule the schema cannot state: %s", invalid)
                    .isEmpty();
        }
    }
}
