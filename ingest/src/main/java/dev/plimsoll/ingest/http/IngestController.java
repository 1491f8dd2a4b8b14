package dev.plimsoll.ingest.http;

import dev.plimsoll.core.security.AccessDecision;
import dev.plimsoll.core.security.IngestTenancy;
import dev.plimsoll.core.telemetry.CostRecordCodec;
import dev.plimsoll.core.telemetry.DeadLetter;
import dev.plimsoll.core.telemetry.DecodedBatch;
import dev.plimsoll.core.telemetry.DeployMarkerCodec;
import dev.plimsoll.core.telemetry.EventAge;
import dev.plimsoll.core.telemetry.MalformedTelemetryException;
import dev.plimsoll.core.telemetry.RequestEvent;
import dev.plimsoll.core.telemetry.RequestEventCodec;
import dev.plimsoll.core.telemetry.TelemetryBatches;
import dev.plimsoll.core.telemetry.TelemetryCodec;
import dev.plimsoll.core.telemetry.TelemetryTopics;
import dev.plimsoll.core.telemetry.TooManyRecordsException;
import dev.plimsoll.core.telemetry.Validation;
import dev.plimsoll.ingest.IngestConfig;
import dev.plimsoll.ingest.csv.FocusCsv;
import dev.plimsoll.ingest.kafka.BatchStamp;
import dev.plimsoll.ingest.kafka.KafkaUnavailableException;
import dev.plimsoll.ingest.kafka.TelemetryPublisher;
import dev.plimsoll.ingest.metrics.IngestMetrics;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.time.Instant;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * {@code POST /api/v1/ingest/{requests,costs,deploys}}: a JSON array or NDJSON body (costs also
 * FOCUS CSV). Answers 202 only after Kafka acknowledged every accepted record and every dead
 * letter.
 *
 * <p>A tenant-bound API key ({@link IngestKeyFilter}) sends request events of its tenant only
 * (events without tenant are stamped, others rejected per record) and cannot send costs or deploys,
 * which carry no tenant (403).
 *
 * <p>Request events older than {@code plimsoll.ingest.max-event-age} are rejected at their index
 * ({@code start}, naming the limit). A request with an {@code Idempotency-Key} header has every
 * record stamped with its batch id and index, so that consumers count a retry's records once.
 */
@Controller("/api/v1/ingest")
@Requires(property = "plimsoll.ingest.enabled", notEquals = "false")
@ExecuteOn(TaskExecutors.BLOCKING)
public class IngestController {

    static final String NDJSON = "application/x-ndjson";
    static final String CSV = "text/csv";

    private final IngestConfig config;
    private final TelemetryPublisher publisher;
    private final IngestMetrics metrics;
    private final RequestEventCodec requests = RequestEventCodec.create();
    private final CostRecordCodec costs = CostRecordCodec.create();
    private final DeployMarkerCodec deploys = DeployMarkerCodec.create();

    public IngestController(
            IngestConfig config, TelemetryPublisher publisher, IngestMetrics metrics) {
        this.config = config;
        this.publisher = publisher;
        this.metrics = metrics;
    }

    @Post(
            uri = "/requests",
            consumes = {MediaType.APPLICATION_JSON, NDJSON})
    public HttpResponse<IngestResponse> requests(
            HttpRequest<?> request, @Nullable @Body byte[] body)
            throws MalformedTelemetryException,
                    TooManyRecordsException,
                    BodyTooLargeException,
                    KafkaUnavailableException,
                    InvalidIdempotencyKeyException {
        Function<RequestEvent, Validation<RequestEvent>> tenancy =
                IngestTenancy.requestEvents(IngestKeyFilter.caller(request));
        return json(
                request,
                body,
                requests,
                now -> EventAge.andThen(maxAge(now, metrics, config), tenancy));
    }

    /**
     * The accepted-age rule of request events at {@code nowMicros} ({@code
     * plimsoll.ingest.max-event-age}), counting what it rejects.
     */
    static Function<RequestEvent, Validation<RequestEvent>> maxAge(
            long nowMicros, IngestMetrics metrics, IngestConfig config) {
        Function<RequestEvent, Validation<RequestEvent>> age =
                EventAge.guard(config.maxEventAge(), nowMicros);
        return e -> {
            Validation<RequestEvent> checked = age.apply(e);
            if (!checked.isAccepted()) {
                metrics.rejectedTooOld(TelemetryTopics.REQUESTS);
            }
            return checked;
        };
    }

    @Post(
            uri = "/deploys",
            consumes = {MediaType.APPLICATION_JSON, NDJSON})
    public HttpResponse<IngestResponse> deploys(HttpRequest<?> request, @Nullable @Body byte[] body)
            throws MalformedTelemetryException,
                    TooManyRecordsException,
                    BodyTooLargeException,
                    KafkaUnavailableException,
                    TenantForbiddenException,
                    InvalidIdempotencyKeyException {
        requireUnbound(request, "deploy markers");
        return json(request, body, deploys, now -> Validation::accepted);
    }

    @Post(
            uri = "/costs",
            consumes = {MediaType.APPLICATION_JSON, NDJSON})
    public HttpResponse<IngestResponse> costs(HttpRequest<?> request, @Nullable @Body byte[] body)
            throws MalformedTelemetryException,
                    TooManyRecordsException,
                    BodyTooLargeException,
                    KafkaUnavailableException,
                    TenantForbiddenException,
                    InvalidIdempotencyKeyException {
        requireUnbound(request, "cost records");
        return json(request, body, costs, now -> Validation::accepted);
    }

    /**
     * A FOCUS export as CSV: one import per billing account and period in it. An import carries an
     * account's whole billing period, so its body may be as large as {@code
     * plimsoll.ingest.max-import-bytes} rather than a telemetry batch's {@code max-body-bytes}.
     */
    @Post(uri = "/costs", consumes = CSV)
    public HttpResponse<IngestResponse> focusImport(
            HttpRequest<?> request, @Nullable @Body byte[] body)
            throws MalformedTelemetryException,
                    TooManyRecordsException,
                    BodyTooLargeException,
                    KafkaUnavailableException,
                    TenantForbiddenException,
                    InvalidIdempotencyKeyException {
        requireUnbound(request, "cost records");
        byte[] bytes = checkedImport(request, body);
        byte[] batchId = IdempotentRequests.batchId(request, bytes);
        long now = System.currentTimeMillis() * 1000;
        FocusCsv.Result csvImport =
                FocusCsv.decode(bytes, config.maxRecords(), Instant.ofEpochMilli(now / 1000));
        publish(request, costs, csvImport.batch(), now, batchId);
        return HttpResponse.accepted().body(IngestResponse.of(csvImport));
    }

    /** Whether the request is a FOCUS import: a CSV body posted to the cost route. */
    static boolean isFocusImport(HttpRequest<?> request) {
        return request.getPath().endsWith("/ingest/costs")
                && request.getContentType().map(t -> t.matches(MediaType.of(CSV))).orElse(false);
    }

    /**
     * @param guardAt the per-record rule for the time of decoding (epoch µs)
     */
    private <T> HttpResponse<IngestResponse> json(
            HttpRequest<?> request,
            byte[] body,
            TelemetryCodec<T> codec,
            LongFunction<Function<T, Validation<T>>> guardAt)
            throws MalformedTelemetryException,
                    TooManyRecordsException,
                    BodyTooLargeException,
                    KafkaUnavailableException,
                    InvalidIdempotencyKeyException {
        byte[] bytes = checked(request, body);
        byte[] batchId = IdempotentRequests.batchId(request, bytes);
        long now = System.currentTimeMillis() * 1000;
        DecodedBatch<T> batch =
                TelemetryBatches.decodeJson(
                        bytes, codec, now, config.maxRecords(), guardAt.apply(now));
        return publish(request, codec, batch, now, batchId);
    }

    private <T> HttpResponse<IngestResponse> publish(
            HttpRequest<?> request,
            TelemetryCodec<T> codec,
            DecodedBatch<T> batch,
            long now,
            @Nullable byte[] batchId)
            throws KafkaUnavailableException {
        String source = "POST " + request.getPath();
        List<DeadLetter> deadLetters =
                batch.rejected().stream()
                        .map(r -> DeadLetter.of(codec.topic(), source, r, now))
                        .toList();
        publisher.publish(
                codec,
                batch.accepted(),
                deadLetters,
                batchId == null ? null : BatchStamp.of(batchId, batch));
        return HttpResponse.accepted().body(IngestResponse.of(batch));
    }

    /** Costs and deploys carry no tenant: a tenant-bound key may not send them. */
    private static void requireUnbound(HttpRequest<?> request, String records)
            throws TenantForbiddenException {
        if (IngestTenancy.untenantedRecords(IngestKeyFilter.caller(request), records)
                instanceof AccessDecision.Forbidden forbidden) {
            throw new TenantForbiddenException(forbidden.reason());
        }
    }

    private byte[] checkedImport(HttpRequest<?> request, @Nullable byte[] body)
            throws BodyTooLargeException {
        return checked(request, body, config.maxImportBytes(), BodyTooLargeException::ofImport);
    }

    private byte[] checked(HttpRequest<?> request, byte[] body) throws BodyTooLargeException {
        return checked(request, body, config.maxBodyBytes(), BodyTooLargeException::new);
    }

    private byte[] checked(
            HttpRequest<?> request,
            @Nullable byte[] body,
            int limit,
            BiFunction<Long, Long, BodyTooLargeException> tooLarge)
            throws BodyTooLargeException {
        metrics.body(request.getPath(), body == null ? 0 : body.length);
        if (body == null) {
            return new byte[0];
        }
        if (body.length > limit) {
            throw tooLarge.apply((long) body.length, (long) limit);
        }
        return body;
    }
}
