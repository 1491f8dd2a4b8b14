package dev.plimsoll.core.telemetry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestEventCodecTest {

    /** 2026-03-01T12:00:00Z. */
    static final Clock NOW = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);

    private final RequestEventCodec codec = RequestEventCodec.withClock(NOW);

    private Validation<RequestEvent> decode(String json) throws MalformedTelemetryException {
        return codec.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    private RequestEvent accepted(String json) throws MalformedTelemetryException {
        Validation<RequestEvent> v = decode(json);
        assertThat(v).isInstanceOf(Validation.Accepted.class);
        return ((Validation.Accepted<RequestEvent>) v).value();
    }

    private String rejected(String json) throws MalformedTelemetryException {
        Validation<RequestEvent> v = decode(json);
        assertThat(v).isInstanceOf(Validation.Rejected.class);
        return ((Validation.Rejected<RequestEvent>) v).message();
    }

    @Test
    void decodesAFullEvent() throws Exception {
        RequestEvent e =
                accepted(
                        "{\"service\":\"orders\",\"operation\":\"GET /orders/{id}\","
                                + "\"start\":\"2026-03-01T12:00:00.250Z\",\"durationMs\":12.5,"
                                + "\"status\":200,\"userId\":\"u-1\",\"tenant\":\"acme\"}");
        assertThat(e)
                .isEqualTo(
                        new RequestEvent(
                                "orders",
                                "GET /orders/{id}",
                                1_772_366_400_250_000L,
                                12.5,
                                200,
                                false,
                                "u-1",
                                "acme"));
    }

    @Test
    void epochMillisAndNumericUserId() throws Exception {
        RequestEvent e =
                accepted(
                        "{\"service\":\"s\",\"operation\":\"op\",\"start\":1772366400250,"
                                + "\"durationMs\":3,\"userId\":1842}");
        assertThat(e.startMicros()).isEqualTo(1_772_366_400_250_000L);
        assertThat(e.durationMs()).isEqualTo(3.0);
        assertThat(e.userId()).isEqualTo("1842");
        assertThat(e.status()).isEqualTo(RequestEvent.NO_STATUS);
        assertThat(e.error()).isFalse();
        assertThat(e.tenant()).isNull();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "200      | 200 | false",
                "404      | 404 | false",
                "499      | 499 | false",
                "500      | 500 | true",
                "503      | 503 | true",
                "'\"ok\"'    | 0   | false",
                "'\"OK\"'    | 0   | false",
                "'\"error\"' | 0   | true",
                "'\"Error\"' | 0   | true",
                "'\"502\"'   | 502 | true",
                "null     | 0   | false"
            })
    void statusSemantics(String status, int code, boolean error) throws Exception {
        RequestEvent e =
                accepted(
                        "{\"service\":\"s\",\"operation\":\"op\",\"start\":1772366400000,"
                                + "\"durationMs\":1,\"status\":"
                                + status
                                + "}");
        assertThat(e.status()).isEqualTo(code);
        assertThat(e.error()).isEqualTo(error);
    }

    @Test
    void explicitErrorFlagMarksA200AsFailed() throws Exception {
        RequestEvent e =
                accepted(
                        "{\"service\":\"s\",\"operation\":\"op\",\"start\":1772366400000,"
                                + "\"durationMs\":1,\"status\":200,\"error\":true}");
        assertThat(e.status()).isEqualTo(200);
        assertThat(e.error()).isTrue();
    }

    @Test
    void ignoresUnknownFieldsOfAnyShape() throws Exception {
        RequestEvent e =
                accepted(
                        "{\"x\":{\"a\":[1,{\"b\":null}]},\"service\":\"s\",\"y\":[],"
                                + "\"operation\":\"op\",\"start\":1772366400000,\"durationMs\":1,"
                                + "\"z\":\"w\"}");
        assertThat(e.service()).isEqualTo("s");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"operation\":\"o\",\"start\":1772366400000,\"durationMs\":1}"
                        + "| service: is required",
                "{\"service\":\"\",\"operation\":\"o\",\"start\":1772366400000,\"durationMs\":1}"
                        + "| service: must not be empty",
                "{\"service\":\"  \",\"operation\":\"o\",\"start\":1772366400000,\"durationMs\":1}"
                        + "| service: must not be empty",
                "{\"service\":null,\"operation\":\"o\",\"start\":1772366400000,\"durationMs\":1}"
                        + "| service: is required",
                "{\"service\":7,\"operation\":\"o\",\"start\":1772366400000,\"durationMs\":1}"
                        + "| service: must be a string, found a number",
                "{\"service\":\"s\",\"start\":1772366400000,\"durationMs\":1}"
                        + "| operation: is required",
                "{\"service\":\"s\",\"operation\":\"o\",\"durationMs\":1}| start: is required",
                "{\"service\":\"s\",\"operation\":\"o\",\"start\":1772366400000}"
                        + "| durationMs: is required",
                "{\"service\":\"s\",\"operation\":\"o\",\"start\":1772366400000,\"durationMs\":-5}"
                        + "| durationMs: must be >= 0, was -5.0",
                "{\"service\":\"s\",\"operation\":\"o\",\"start\":1772366400000,\"durationMs\":\"1\"}|"
                    + " durationMs: must be a number, found a string",
                "{\"service\":\"s\",\"operation\":\"o\",\"start\":1772366400000,\"durationMs\":[1]}"
                        + "| durationMs: must be a number, found an array",
                "{\"service\":\"s\",\"operation\":\"o\",\"start\":1772366400000,\"durationMs\":1,"
                        + "\"status\":42}"
                        + "| status: must be an HTTP status code (100-599), \"ok\" or \"error\","
                        + " was 42",
                "{\"service\":\"s\",\"operation\":\"o\",\"start\":1772366400000,\"durationMs\":1,"
                        + "\"status\":\"fine\"}"
                        + "| status: must be an HTTP status code (100-599), \"ok\" or \"error\","
                        + " was \"fine\"",
                "{\"service\":\"s\",\"operation\":\"o\",\"start\":1772366400000,\"durationMs\":1,"
                        + "\"error\":\"yes\"}"
                        + "| error: must be a boolean, found a string",
                "{\"service\":\"s\",\"operation\":\"o\",\"start\":\"yesterday\",\"durationMs\":1}"
                        + "| start: \"yesterday\" is not an RFC 3339 timestamp (e.g."
                        + " 2026-03-01T12:00:00.250Z) or epoch milliseconds",
                "{\"service\":\"s\",\"operation\":\"o\",\"start\":true,\"durationMs\":1}"
                        + "| start: must be an RFC 3339 string or epoch milliseconds, found a"
                        + " boolean",
                "{\"service\":\"s\",\"operation\":\"o\",\"start\":1772366400,\"durationMs\":1}"
                        + "| start: 1970-01-21T12:19:26.400000Z is before 2000-01-01T00:00:00Z"
                        + " (epoch timestamps are milliseconds, not seconds)",
                "{\"service\":\"s\",\"operation\":\"o\",\"start\":\"2026-03-02T12:00:00.001Z\","
                        + "\"durationMs\":1}"
                        + "| start: 2026-03-02T12:00:00.001000Z is more than 24 hours in the"
                        + " future (now 2026-03-01T12:00:00.000000Z)",
                "{\"service\":\"s\",\"operation\":\"o\",\"start\":99999999999999999999,"
                        + "\"durationMs\":1}"
                        + "| start: 99999999999999999999 is out of range for epoch milliseconds",
                "[1,2]| record: must be a JSON object, found an array",
                "\"x\"| record: must be a JSON object, found a string"
            })
    void rejectsWithFieldAndProblem(String json, String message) throws Exception {
        assertThat(rejected(json)).isEqualTo(message);
    }

    @Test
    void startExactly24HoursAheadIsAccepted() throws Exception {
        accepted(
                "{\"service\":\"s\",\"operation\":\"o\",\"start\":\"2026-03-02T12:00:00Z\","
                        + "\"durationMs\":1}");
    }

    @Test
    void rejectsOverlongNames() throws Exception {
        String longService = "s".repeat(257);
        assertThat(
                        rejected(
                                "{\"service\":\""
                                        + longService
                                        + "\",\"operation\":\"o\",\"start\":1772366400000,"
                                        + "\"durationMs\":1}"))
                .isEqualTo("service: must be at most 256 characters, was 257");
    }

    @Test
    void reportsTheFirstProblemOnly() throws Exception {
        assertThat(
                        rejected(
                                "{\"service\":\"s\",\"durationMs\":\"x\",\"status\":\"bad\","
                                        + "\"operation\":\"o\",\"start\":1772366400000}"))
                .isEqualTo("durationMs: must be a number, found a string");
    }

    @Test
    void canonicalEncodingIsStableAndRoundTrips() throws Exception {
        RequestEvent e =
                new RequestEvent(
                        "orders",
                        "GET /orders/{id}",
                        1_772_366_400_250_001L,
                        12.5,
                        200,
                        false,
                        "u-1842",
                        "acme");
        String json = new String(codec.encode(e), StandardCharsets.UTF_8);
        assertThat(json)
                .isEqualTo(
                        "{\"service\":\"orders\",\"operation\":\"GET /orders/{id}\","
                                + "\"start\":\"2026-03-01T12:00:00.250001Z\",\"durationMs\":12.5,"
                                + "\"status\":200,\"error\":false,\"userId\":\"u-1842\","
                                + "\"tenant\":\"acme\"}");
        assertThat(accepted(json)).isEqualTo(e);
    }

    @Test
    void roundTripsOkErrorAndAwkwardValues() throws Exception {
        RequestEvent[] events = {
            new RequestEvent("a", "op", 1_000_000_000_000_000L, 0.0, 0, false, null, null),
            new RequestEvent("a", "op", 1_000_000_000_000_000L, 0.1 + 0.2, 0, true, null, null),
            new RequestEvent(
                    "ü \"q\"", "POST /x\n", 1_772_366_400_000_000L, 1e-9, 404, true, "", "t")
        };
        for (RequestEvent e : events) {
            RequestEvent back = accepted(new String(codec.encode(e), StandardCharsets.UTF_8));
            RequestEvent expected =
                    e.userId() != null && e.userId().isEmpty()
                            ? new RequestEvent(
                                    e.service(),
                                    e.operation(),
                                    e.startMicros(),
                                    e.durationMs(),
                                    e.status(),
                                    e.error(),
                                    null,
                                    e.tenant())
                            : e;
            assertThat(back).isEqualTo(expected);
        }
    }

    @Test
    void keyIsTheService() {
        RequestEvent e = new RequestEvent("orders", "op", 0, 1, 200, false, null, null);
        assertThat(codec.key(e)).isEqualTo("orders");
        assertThat(codec.topic()).isEqualTo("telemetry.requests.v1");
    }

    @Test
    void malformedJsonNamesThePosition() {
        assertThatThrownBy(() -> decode("{\"service\":\"s\",\n\"operation\" \"o\"}"))
                .isInstanceOf(MalformedTelemetryException.class)
                .hasMessageStartingWith("line 2, column 13 (byte offset 28): ")
                .satisfies(
                        t -> {
                            MalformedTelemetryException m = (MalformedTelemetryException) t;
                            assertThat(m.line()).isEqualTo(2);
                            assertThat(m.byteOffset()).isEqualTo(28);
                        });
    }

    @Test
    void trailingContentIsMalformed() {
        assertThatThrownBy(
                        () ->
                                decode(
                                        "{\"service\":\"s\",\"operation\":\"o\",\"start\":1772366400000,\"durationMs\":1}"
                                            + " {}"))
                .isInstanceOf(MalformedTelemetryException.class)
                .hasMessageContaining("unexpected content after the record");
    }

    @Test
    void emptyInputIsMalformed() {
        assertThatThrownBy(() -> decode("  "))
                .isInstanceOf(MalformedTelemetryException.class)
                .hasMessageContaining("found no content");
    }
}
