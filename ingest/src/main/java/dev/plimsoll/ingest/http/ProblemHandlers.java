package dev.plimsoll.ingest.http;

import dev.plimsoll.core.telemetry.MalformedTelemetryException;
import dev.plimsoll.core.telemetry.TooManyRecordsException;
import dev.plimsoll.ingest.IngestConfig;
import dev.plimsoll.ingest.kafka.KafkaUnavailableException;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.exceptions.BufferLengthExceededException;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import io.micronaut.http.server.exceptions.BufferLengthExceededHandler;
import io.micronaut.http.server.exceptions.ContentLengthExceededHandler;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Maps ingest failures to {@code application/problem+json} responses, one handler per kind. */
final class ProblemHandlers {

    private ProblemHandlers() {}

    static MutableHttpResponse<Problem> respond(Problem p) {
        return HttpResponse.<Problem>status(HttpStatus.valueOf(p.status()))
                .contentType(Problem.MEDIA_TYPE)
                .body(p);
    }

    /** The bean annotations of every handler here (a Micronaut stereotype). */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @Singleton
    @Produces
    @Requires(property = "plimsoll.ingest.enabled", notEquals = "false")
    @interface IngestProblemHandler {}

    /**
     * Answers {@code E} with a problem of one kind. Its detail is the exception's message (a full
     * sentence written for the caller) unless the handler overrides {@link #problem}.
     */
    abstract static class KindHandler<E extends Throwable>
            implements ExceptionHandler<E, HttpResponse<Problem>> {

        private final HttpStatus status;
        private final String kind;
        private final String title;

        KindHandler(HttpStatus status, String kind, String title) {
            this.status = status;
            this.kind = kind;
            this.title = title;
        }

        @Override
        public MutableHttpResponse<Problem> handle(HttpRequest request, E e) {
            return respond(problem(e, request.getPath()));
        }

        Problem problem(E e, String path) {
            return problem(e.getMessage(), path);
        }

        Problem problem(String detail, String path) {
            return Problem.of(kind, title, status.getCode(), detail, path);
        }
    }

    /** 400 for a body that is not telemetry, with the position of the problem when known. */
    @IngestProblemHandler
    static final class Malformed extends KindHandler<MalformedTelemetryException> {
        Malformed() {
            super(HttpStatus.BAD_REQUEST, "malformed-body", "Malformed body");
        }

        @Override
        Problem problem(MalformedTelemetryException e, String path) {
            return super.problem(e, path)
                    .withPosition(
                            e.line() > 0 ? e.line() : null,
                            e.column() > 0 ? e.column() : null,
                            e.byteOffset() >= 0 ? e.byteOffset() : null);
        }
    }

    /** 400 for an {@code Idempotency-Key} header that is not a valid key. */
    @IngestProblemHandler
    static final class InvalidKey extends KindHandler<InvalidIdempotencyKeyException> {
        InvalidKey() {
            super(
                    HttpStatus.BAD_REQUEST,
                    "invalid-idempotency-key",
                    "Invalid Idempotency-Key header");
        }
    }

    /**
     * 413, for each of the limits on what one request may carry. The advice to split the batch is
     * right for telemetry and wrong for a FOCUS import, where an upload replaces what earlier
     * uploads said for its billing accounts and periods (ADR 0017): a period split in two would
     * keep only its second half. An import is told what to do instead.
     */
    abstract static class BodyTooLarge<E extends Throwable> extends KindHandler<E> {
        static final String IMPORT_ADVICE =
                " A FOCUS import cannot be split into several uploads of one billing period: each"
                        + " upload replaces what earlier ones said for its billing accounts and"
                        + " periods, so only the last part would count. Send each billing"
                        + " account's whole period in one request (a file holding several"
                        + " accounts or periods may be split along BillingAccountId and"
                        + " BillingPeriodStart), and raise plimsoll.ingest.max-import-bytes"
                        + " and plimsoll.ingest.max-records as needed.";

        BodyTooLarge() {
            super(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "body-too-large", "Body too large");
        }

        @Override
        public MutableHttpResponse<Problem> handle(HttpRequest request, E e) {
            return IngestController.isFocusImport(request)
                    ? respond(problem(passedLimit(e) + IMPORT_ADVICE, request.getPath()))
                    : super.handle(request, e);
        }

        /** Which limit an import passed, as a sentence (the exception's message by default). */
        String passedLimit(E e) {
            String message = String.valueOf(e.getMessage());
            return message.endsWith(".") ? message : message + ".";
        }
    }

    /** 413 for more records than {@code plimsoll.ingest.max-records}. */
    @IngestProblemHandler
    static final class TooMany extends BodyTooLarge<TooManyRecordsException> {
        /** Without the exception's advice to split the batch, which an import must not follow. */
        @Override
        String passedLimit(TooManyRecordsException e) {
            return "The batch has more than " + e.limit() + " records.";
        }
    }

    /** 413 for a body above {@code plimsoll.ingest.max-body-bytes}. */
    @IngestProblemHandler
    static final class TooLarge extends BodyTooLarge<BodyTooLargeException> {}

    /**
     * Bodies above Micronaut's own {@code micronaut.server.max-request-size}: the same 413 problem
     * as for our limit, instead of Micronaut's generic JSON error (replaced server-wide).
     */
    @IngestProblemHandler
    @Replaces(ContentLengthExceededHandler.class)
    static final class ServerTooLarge extends BodyTooLarge<ContentLengthExceededException> {}

    /**
     * Buffered bodies above Micronaut's {@code micronaut.server.max-request-buffer-size}: the same
     * 413 problem, instead of Micronaut's generic JSON error (replaced server-wide).
     */
    @IngestProblemHandler
    @Replaces(BufferLengthExceededHandler.class)
    static final class ServerBufferTooLarge extends BodyTooLarge<BufferLengthExceededException> {}

    /** 403 when a tenant-bound key sends what it may not. */
    @IngestProblemHandler
    static final class TenantForbidden extends KindHandler<TenantForbiddenException> {
        TenantForbidden() {
            super(HttpStatus.FORBIDDEN, "tenant-forbidden", "Tenant not allowed for this key");
        }
    }

    /** 503 with {@code Retry-After} when Kafka did not acknowledge every record. */
    @IngestProblemHandler
    static final class Unavailable extends KindHandler<KafkaUnavailableException> {
        private final IngestConfig config;

        Unavailable(IngestConfig config) {
            super(HttpStatus.SERVICE_UNAVAILABLE, "kafka-unavailable", "Kafka unavailable");
            this.config = config;
        }

        @Override
        public MutableHttpResponse<Problem> handle(
                HttpRequest request, KafkaUnavailableException e) {
            return super.handle(request, e)
                    .header(HttpHeaders.RETRY_AFTER, Integer.toString(config.retryAfterSeconds()));
        }
    }
}
