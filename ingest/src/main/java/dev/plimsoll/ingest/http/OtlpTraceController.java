package dev.plimsoll.ingest.http;

import dev.plimsoll.core.security.IngestTenancy;
import dev.plimsoll.core.telemetry.DeadLetter;
import dev.plimsoll.core.telemetry.DecodedBatch;
import dev.plimsoll.core.telemetry.EventAge;
import dev.plimsoll.core.telemetry.MalformedTelemetryException;
import dev.plimsoll.core.telemetry.RejectedRecord;
import dev.plimsoll.core.telemetry.RequestEvent;
import dev.plimsoll.core.telemetry.RequestEventCodec;
import dev.plimsoll.core.telemetry.TooManyRecordsException;
import dev.plimsoll.ingest.IngestConfig;
import dev.plimsoll.ingest.kafka.BatchStamp;
import dev.plimsoll.ingest.kafka.KafkaUnavailableException;
import dev.plimsoll.ingest.kafka.TelemetryPublisher;
import dev.plimsoll.ingest.metrics.IngestMetrics;
import dev.plimsoll.ingest.otlp.OtlpTraces;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/**
 * OTLP/HTTP trace receiver, {@code POST /v1/traces}, protobuf or JSON. Success is 200 with an
 * {@code ExportTraceServiceResponse} in the request's encoding (with {@code partial_success} when
 * spans were rejected); failures carry a {@code google.rpc.Status} as the OTLP specification asks,
 * so OpenTelemetry exporters log the reason and retry 503s after {@code Retry-After}. Missing or
 * insufficient API keys are answered the same way by {@link IngestKeyFilter}; spans of another
 * tenant than a tenant-bound key's are rejected per span, and so are spans older than {@code
 * plimsoll.ingest.max-event-age} (partial success). An {@code Idempotency-Key} header is honoured
 * as on the other ingest routes.
 */
@Controller("/v1/traces")
@Requires(property = "plimsoll.ingest.enabled", notEquals = "false")
@ExecuteOn(TaskExecutors.BLOCKING)
public class OtlpTraceController {

    static final String PROTOBUF = OtlpStatus.PROTOBUF;
    private static final String SOURCE = "POST /v1/traces";

    private final IngestConfig config;
    private final TelemetryPublisher publisher;
    private final IngestMetrics metrics;
    private final RequestEventCodec codec = RequestEventCodec.create();

    public OtlpTraceController(
            IngestConfig config, TelemetryPublisher publisher, IngestMetrics metrics) {
        this.config = config;
        this.publisher = publisher;
        this.metrics = metrics;
    }

    @Post(
            consumes = {PROTOBUF, MediaType.APPLICATION_JSON},
            produces = {PROTOBUF, MediaType.APPLICATION_JSON})
    public HttpResponse<byte[]> export(HttpRequest<?> request, @Nullable @Body byte[] body) {
        boolean json = OtlpStatus.isJson(request);
        byte[] bytes = body == null ? new byte[0] : body;
        metrics.body(request.getPath(), bytes.length);
        if (bytes.length > config.maxBodyBytes()) {
            return OtlpStatus.response(
                    json,
                    HttpStatus.REQUEST_ENTITY_TOO_LARGE,
                    OtlpStatus.RESOURCE_EXHAUSTED,
                    new BodyTooLargeException(bytes.length, config.maxBodyBytes()).getMessage());
        }
        try {
            byte[] batchId = IdempotentRequests.batchId(request, bytes);
            ExportTraceServiceRequest export =
                    json ? OtlpTraces.parseJson(bytes) : OtlpTraces.parseProtobuf(bytes);
            long now = System.currentTimeMillis() * 1000;
            OtlpTraces.Converted converted =
                    OtlpTraces.convert(
                            export,
                            now,
                            config.maxRecords(),
                            EventAge.andThen(
                                    IngestController.maxAge(now, metrics, config),
                                    IngestTenancy.requestEvents(IngestKeyFilter.caller(request))));
            DecodedBatch<RequestEvent> batch = converted.batch();
            List<DeadLetter> deadLetters =
                    batch.rejected().stream()
                            .map(r -> DeadLetter.of(codec.topic(), SOURCE, r, now))
                            .toList();
            BatchStamp stamp =
                    batchId == null
                            ? null
                            : new BatchStamp(
                                    batchId,
                                    converted.acceptedIndexes(),
                                    batch.rejected().stream()
                                            .mapToInt(RejectedRecord::index)
                                            .toArray());
            publisher.publish(codec, batch.accepted(), deadLetters, stamp);
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
        } catch (MalformedTelemetryException | InvalidIdempotencyKeyException e) {
            return OtlpStatus.response(
                    json, HttpStatus.BAD_REQUEST, OtlpStatus.INVALID_ARGUMENT, e.getMessage());
        } catch (TooManyRecordsException e) {
            return OtlpStatus.response(
                    json,
                    HttpStatus.REQUEST_ENTITY_TOO_LARGE,
                    OtlpStatus.RESOURCE_EXHAUSTED,
                    e.getMessage());
        } catch (KafkaUnavailableException e) {
            return OtlpStatus.response(
                            json,
                            HttpStatus.SERVICE_UNAVAILABLE,
                            OtlpStatus.UNAVAILABLE,
                            e.getMessage())
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
}
