package dev.plimsoll.core.telemetry;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TelemetryBatchesTest {

    private static final long NOW = 1_772_366_400_000_000L;
    private final RequestEventCodec codec = RequestEventCodec.withClock(RequestEventCodecTest.NOW);

    private static String event(String service, double duration) {
        return "{\"service\":\""
                + service
                + "\",\"operation\":\"op\",\"start\":1772366400000,\"durationMs\":"
                + duration
                + "}";
    }

    private DecodedBatch<RequestEvent> decode(String body) throws MalformedTelemetryException {
        return TelemetryBatches.decodeJson(body.getBytes(StandardCharsets.UTF_8), codec, NOW);
    }

    @Test
    void arrayWithValidAndInvalidRecords() throws Exception {
        String bad =
                "{\"service\":\"b\","
                        + " \"operation\":\"op\",\"start\":1772366400000,\"durationMs\":-1}";
        DecodedBatch<RequestEvent> batch =
                decode("[" + event("a", 1) + ",\n " + bad + ", 17, " + event("c", 2) + "]");
        assertThat(batch.size()).isEqualTo(4);
        assertThat(batch.accepted()).extracting(RequestEvent::service).containsExactly("a", "c");
        assertThat(batch.rejected())
                .containsExactly(
                        new RejectedRecord(1, "durationMs", "must be >= 0, was -1.0", bad),
                        new RejectedRecord(
                                2, "record", "must be a JSON object, found a number", "17"));
    }

    @Test
    void ndjsonWithBlankLinesAndUnicode() throws Exception {
        String bad = "{\"service\":\"ü\",\"operation\":\"op\",\"start\":\"x\",\"durationMs\":1}";
        DecodedBatch<RequestEvent> batch =
                decode(event("a", 1) + "\n\n" + bad + "\r\n" + event("ö", 2) + "\n");
        assertThat(batch.accepted()).extracting(RequestEvent::service).containsExactly("a", "ö");
        assertThat(batch.rejected()).hasSize(1);
        assertThat(batch.rejected().get(0).index()).isEqualTo(1);
        assertThat(batch.rejected().get(0).raw()).isEqualTo(bad);
    }

    @Test
    void emptyBodiesAreEmptyBatches() throws Exception {
        assertThat(decode("").size()).isZero();
        assertThat(decode(" [ ] ").size()).isZero();
        assertThat(decode("\n\n").size()).isZero();
    }

    @Test
    void brokenJsonNamesLineAndOffset() {
        String body = event("a", 1) + "\n" + event("b", 2) + "\n{\"service\": \"c\", oops}\n";
        int offsetOfOops = body.indexOf("oops");
        assertThatThrownBy(() -> decode(body))
                .isInstanceOf(MalformedTelemetryException.class)
                .satisfies(
                        t -> {
                            MalformedTelemetryException m = (MalformedTelemetryException) t;
                            assertThat(m.line()).isEqualTo(3);
                            assertThat(m.byteOffset()).isEqualTo(offsetOfOops);
                            assertThat(m.getMessage())
                                    .startsWith(
                                            "line 3, column 18 (byte offset "
                                                    + offsetOfOops
                                                    + "): ");
                        });
    }

    @Test
    void unterminatedArrayAndTrailingContentAreMalformed() {
        assertThatThrownBy(() -> decode("[" + event("a", 1)))
                .isInstanceOf(MalformedTelemetryException.class);
        assertThatThrownBy(() -> decode("[" + event("a", 1) + "] x"))
                .isInstanceOf(MalformedTelemetryException.class);
        assertThatThrownBy(() -> decode("[" + event("a", 1) + "] []"))
                .isInstanceOf(MalformedTelemetryException.class)
                .hasMessageContaining("after the closing ]");
        assertThatThrownBy(() -> decode("}")).isInstanceOf(MalformedTelemetryException.class);
    }

    @Test
    void deeplyNestedUnknownFieldsAreRejectedAsMalformedNotAStackOverflow() {
        String deep = "{\"x\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";
        assertThatThrownBy(() -> decode(deep))
                .isInstanceOf(MalformedTelemetryException.class)
                .hasMessageContaining("nesting depth");
    }

    @Test
    void stopsAtTheRecordLimit() throws Exception {
        byte[] three =
                ("[" + event("a", 1) + "," + event("b", 1) + ",{}]")
                        .getBytes(StandardCharsets.UTF_8);
        assertThat(TelemetryBatches.decodeJson(three, codec, NOW, 3).size()).isEqualTo(3);
        assertThatThrownBy(() -> TelemetryBatches.decodeJson(three, codec, NOW, 2))
                .isInstanceOf(TooManyRecordsException.class)
                .hasMessage("The batch has more than 2 records; split it into smaller batches.");
    }

    @Test
    void aGuardSeesValidRecordsOnlyAndMayReplaceOrRejectThemAtTheirIndex() throws Exception {
        String noTenant = event("a", 1);
        String wrongTenant =
                "{\"service\":\"b\",\"operation\":\"op\",\"start\":1772366400000,"
                        + "\"durationMs\":2,\"tenant\":\"globex\"}";
        String invalid = event("c", -1);
        String body = "[" + noTenant + ", " + wrongTenant + "," + invalid + "]";
        java.util.List<String> seen = new java.util.ArrayList<>();

        DecodedBatch<RequestEvent> batch =
                TelemetryBatches.decodeJson(
                        body.getBytes(StandardCharsets.UTF_8),
                        codec,
                        NOW,
                        10,
                        e -> {
                            seen.add(e.service());
                            return e.tenant() == null
                                    ? Validation.accepted(e.withTenant("acme"))
                                    : Validation.rejected("tenant", "must be 'acme'");
                        });

        assertThat(seen).containsExactly("a", "b");
        assertThat(batch.accepted())
                .containsExactly(
                        new RequestEvent(
                                "a", "op", 1_772_366_400_000_000L, 1, 0, false, null, "acme"));
        assertThat(batch.rejected())
                .containsExactly(
                        new RejectedRecord(1, "tenant", "must be 'acme'", wrongTenant),
                        new RejectedRecord(2, "durationMs", "must be >= 0, was -1.0", invalid));
    }

    @Test
    void deadLettersRoundTrip() throws Exception {
        RejectedRecord r =
                new RejectedRecord(3, "durationMs", "must be >= 0, was -5.0", "{\"a\":\"\\\"\"}");
        DeadLetter d = DeadLetter.of("telemetry.requests.v1", "POST /x", r, NOW);
        assertThat(d.error()).isEqualTo("durationMs: must be >= 0, was -5.0");
        assertThat(DeadLetterCodec.decode(DeadLetterCodec.encode(d))).isEqualTo(d);

        DeadLetter big =
                DeadLetter.of(
                        "t", "s", new RejectedRecord(0, "record", "p", "x".repeat(70_000)), NOW);
        assertThat(big.raw()).hasSize(DeadLetter.MAX_RAW_CHARS);
        assertThat(big.rawTruncated()).isTrue();
    }
}
