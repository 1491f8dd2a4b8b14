package dev.plimsoll.ingest.http;

import dev.plimsoll.core.telemetry.DeadLetter;
import dev.plimsoll.core.telemetry.DecodedBatch;
import dev.plimsoll.core.telemetry.MalformedTelemetryException;
import dev.plimsoll.core.telemetry.RequestEvent;
import dev.plimsoll.core.telemetry.RequestEventCodec;
import dev.plimsoll.core.telemetry.TooManyRecordsException;
import dev.plimsoll.ingest.IngestConfig;
import dev.plimsoll.ingest.kafka.KafkaUnavailableException;
import dev.plimsoll.ingest.kafka.TelemetryPublisher;
import dev.plimsoll.ingest.otlp.OtlpTraces;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/**
 * OTLP/HTTP trace receiver, {@code POST /v1/traces}, protobuf or JSON. Success is 200 with an
 * {@code ExportTraceServiceResponse} in the request's encoding (with {@code partial_success} when
 * spans were rejected); failures carry a {@code google.rpc.Status} as the OTLP specification asks,
 * so OpenTelemetry exporters log the reason and retry 503s after {@code Retry-After}.
 */
@Controller("/v1/traces")
@Requires(property = "plimsoll.ingest.enabled", notEquals = "false")
@ExecuteOn(TaskExecutors.BLOCKING)
public class OtlpTraceController {

    static final String PROTOBUF = "application/x-protobuf";
    private static final String SOURCE = "POST /v1/traces";
    // google.rpc.Code values
    private static final int INVALID_ARGUMENT = 3;
    private static final int RESOURCE_EXHAUSTED = 8;
    private static final int UNAVAILABLE = 14;

    private final IngestConfig config;
    private final TelemetryPublisher publisher;
    private final RequestEventCodec codec = RequestEventCodec.create();

    public OtlpTraceController(IngestConfig config, TelemetryPublisher publisher) {
        this.config = config;
        this.publisher = publisher;
    }

    @Post(
            consumes = {PROTOBUF, MediaType.APPLICATION_JSON},
            produces = {PROTOBUF, MediaType.APPLICATION_JSON})
    public HttpResponse<byte[]> export(HttpRequest<?> request, @Nullable @Body byte[] body) {
        boolean json =
                request.getContentType()
                        .map(t -> t.matches(MediaType.APPLICATION_JSON_TYPE))
                        .orElse(false);
        byte[] bytes = body == null ? new byte[0] : body;
        if (bytes.length > config.maxBodyBytes()) {
            return status(
                    json,
                    HttpStatus.REQUEST_ENTITY_TOO_LARGE,
                    RESOURCE_EXHAUSTED,
                    new BodyTooLargeException(bytes.length, config.maxBodyBytes()).getMessage());
        }
        try {
            ExportTraceServiceRequest export =
                    json ? OtlpTraces.parseJson(bytes) : OtlpTraces.parseProtobuf(bytes);
            long now = System.currentTimeMillis() * 1000;
            OtlpTraces.Converted converted = OtlpTraces.convert(export, now, config.maxRecords());
            DecodedBatch<RequestEvent> batch = converted.batch();
            List<DeadLetter> deadLetters =
                    batch.rejected().stream()
                            .map(r -> DeadLetter.of(codec.topic(), SOURCE, r, now))
                            .toList();
            publisher.publish(codec, batch.accepted(), deadLetters);
            ExportTraceServiceResponse.Builder response = ExportTraceServiceResponse.newBuilder();
            if (!batch.rejected().isEmpty()) {
                response.setPartialSuccess(
                        ExportTracePartialSuccess.newBuilder()
                                .setRejectedSpans(batch.rejected().size())
                                .setErrorMessage(
                                        batch.rejected().stream()
                                                .limit(10)
                                                .map(r -> "span " + r.index() + ": " + r.message())
                                                .collect(Collectors.joining("; "))));
            }
            return HttpResponse.ok(encode(json, response.build()))
                    .contentType(json ? MediaType.APPLICATION_JSON : PROTOBUF);
        } catch (MalformedTelemetryException e) {
            return status(json, HttpStatus.BAD_REQUEST, INVALID_ARGUMENT, e.getMessage());
        } catch (TooManyRecordsException e) {
            return status(
                    json, HttpStatus.REQUEST_ENTITY_TOO_LARGE, RESOURCE_EXHAUSTED, e.getMessage());
        } catch (KafkaUnavailableException e) {
            return status(json, HttpStatus.SERVICE_UNAVAILABLE, UNAVAILABLE, e.getMessage())
                    .header(HttpHeaders.RETRY_AFTER, Integer.toString(config.retryAfterSeconds()));
        }
    }

    private static byte[] encode(boolean json, ExportTraceServiceResponse response) {
        if (!json) {
            return response.toByteArray();
        }
        try {
            return JsonFormat.printer()
                    .omittingInsignificantWhitespace()
                    .print(response)
                    .getBytes(StandardCharsets.UTF_8);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A {@code google.rpc.Status} (code = 1, message = 2), hand-encoded: no extra dependency. */
    private static MutableHttpResponse<byte[]> status(
            boolean json, HttpStatus http, int code, String message) {
        byte[] body;
        if (json) {
            body =
                    ("{\"code\":" + code + ",\"message\":" + quote(message) + "}")
                            .getBytes(StandardCharsets.UTF_8);
        } else {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            CodedOutputStream c = CodedOutputStream.newInstance(out);
            try {
                c.writeInt32(1, code);
                c.writeBytes(2, ByteString.copyFromUtf8(message));
                c.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            body = out.toByteArray();
        }
        return HttpResponse.<byte[]>status(http)
                .body(body)
                .contentType(json ? MediaType.APPLICATION_JSON : PROTOBUF);
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (char ch : s.toCharArray()) {
            if (ch == '"' || ch == '\\') {
                b.append('\\').append(ch);
            } else if (ch < 0x20) {
                b.append(String.format("\\u%04x", (int) ch));
            } else {
                b.append(ch);
            }
        }
        return b.append('"').toString();
    }
}
