package dev.plimsoll.benchmarks.ingest;

import dev.plimsoll.core.telemetry.MalformedTelemetryException;
import dev.plimsoll.core.telemetry.RequestEvent;
import dev.plimsoll.core.telemetry.RequestEventCodec;
import dev.plimsoll.core.telemetry.TelemetryBatches;
import dev.plimsoll.core.telemetry.Timestamps;
import dev.plimsoll.core.telemetry.Validation;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Decode + validate of a v1 request event (~200 bytes of JSON), the ingest hot path, side by side
 * with plain Jackson databind binding the same JSON into a POJO (no validation, start left as a
 * string) in the same run.
 *
 * <ul>
 *   <li>{@code *Single}: one event per byte array, a parser per event ({@code
 *       RequestEventCodec.decode}, as the streams job reads Kafka values).
 *   <li>{@code *Batch}: 1 000 NDJSON events through one parser, per event ({@code
 *       TelemetryBatches.decodeJson} without the batch lists, as ingest reads a request body).
 *   <li>{@code timestamp*}: the RFC 3339 parse alone, hand-written vs {@code java.time} (ADR 0003).
 * </ul>
 *
 * Run with {@code -prof gc}: {@code gc.alloc.rate.norm} is bytes allocated per event; an accepted
 * event's own footprint (the record and its four strings) is computed in benchmarks/README.md.
 */
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class DecodeBenchmark {

    static final int BATCH = 1_000;

    /** What databind binds to: the same fields, no validation. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class EventDto {
        public String service;
        public String operation;
        public String start;
        public double durationMs;
        public int status;
        public boolean error;
        public String userId;
        public String tenant;
    }

    private final RequestEventCodec codec = RequestEventCodec.create();
    private final RequestEventCodec.Reader reader = codec.reader();
    private final JsonFactory factory = TelemetryBatches.jsonFactory();
    private final ObjectReader databind = new ObjectMapper().readerFor(EventDto.class);

    byte[] event;
    byte[] batch;
    char[] timestamp;
    String timestampText;
    long nowMicros;

    @Setup
    public void setUp() {
        event = event(12_345, 123.456).getBytes(StandardCharsets.UTF_8);
        SplittableRandom random = new SplittableRandom(1);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < BATCH; i++) {
            b.append(event(random.nextInt(1_000_000), random.nextInt(1_000_000) / 1000.0))
                    .append('\n');
        }
        batch = b.toString().getBytes(StandardCharsets.UTF_8);
        timestampText = "2026-03-01T12:00:00.250Z";
        timestamp = timestampText.toCharArray();
        nowMicros = codec.nowMicros();
        if (event.length < 190 || event.length > 210) {
            throw new IllegalStateException("event is " + event.length + " bytes, want ~200");
        }
    }

    static String event(int user, double duration) {
        return String.format(
                "{\"service\":\"checkout-service\",\"operation\":\"POST"
                        + " /api/v1/checkout/{cartId}\","
                        + "\"start\":\"2026-03-01T12:00:00.250Z\",\"durationMs\":%s,\"status\":200,"
                        + "\"userId\":\"user-%08d\",\"tenant\":\"acme-corp\"}",
                duration, user);
    }

    @Benchmark
    public Validation<RequestEvent> plimsollSingle() throws MalformedTelemetryException {
        return codec.decode(event);
    }

    @Benchmark
    public EventDto databindSingle() throws IOException {
        return databind.readValue(event);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void plimsollBatch(Blackhole bh) throws IOException {
        try (JsonParser p = factory.createParser(batch)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                bh.consume(reader.read(p, nowMicros));
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void databindBatch(Blackhole bh) throws IOException {
        try (MappingIterator<EventDto> it = databind.readValues(batch)) {
            while (it.hasNextValue()) {
                bh.consume(it.nextValue());
            }
        }
    }

    @Benchmark
    public long timestampHandWritten() {
        return Timestamps.parseMicros(timestamp, 0, timestamp.length);
    }

    @Benchmark
    public long timestampJavaTime() {
        OffsetDateTime t = OffsetDateTime.parse(timestampText);
        return t.toEpochSecond() * 1_000_000 + t.getNano() / 1000;
    }
}
