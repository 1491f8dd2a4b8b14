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
import io.micronaut.http.exceptions.ContentLengthExceededException;
import io.micronaut.http.server.exceptions.ContentLengthExceededHandler;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** Maps ingest failures to {@code application/problem+json} responses. */
final class ProblemHandlers {

    private ProblemHandlers() {}

    static MutableHttpResponse<Problem> respond(Problem p) {
        return HttpResponse.<Problem>status(HttpStatus.valueOf(p.status()))
                .contentType(Problem.MEDIA_TYPE)
                .body(p);
    }

    static Problem malformed(MalformedTelemetryException e, String path) {
        return new Problem(
                "urn:plimsoll:problem:malformed-body",
                "Malformed body",
                400,
                e.getMessage(),
                path,
                e.line() > 0 ? e.line() : null,
                e.column() > 0 ? e.column() : null,
                e.byteOffset() >= 0 ? e.byteOffset() : null);
    }

    static Problem tooLarge(String detail, String path) {
        return Problem.of("body-too-large", "Body too large", 413, detail, path);
    }

    static Problem unavailable(String detail, String path) {
        return Problem.of("kafka-unavailable", "Kafka unavailable", 503, detail, path);
    }

    @Produces
    @Singleton
    @Requires(property = "plimsoll.ingest.enabled", notEquals = "false")
    static final class Malformed
            implements ExceptionHandler<MalformedTelemetryException, HttpResponse<Problem>> {
        @Override
        public HttpResponse<Problem> handle(HttpRequest request, MalformedTelemetryException e) {
            return respond(malformed(e, request.getPath()));
        }
    }

    @Produces
    @Singleton
    @Requires(property = "plimsoll.ingest.enabled", notEquals = "false")
    static final class TooMany
            implements ExceptionHandler<TooManyRecordsException, HttpResponse<Problem>> {
        @Override
        public HttpResponse<Problem> handle(HttpRequest request, TooManyRecordsException e) {
            return respond(tooLarge(e.getMessage(), request.getPath()));
        }
    }

    @Produces
    @Singleton
    @Requires(property = "plimsoll.ingest.enabled", notEquals = "false")
    static final class TooLarge
            implements ExceptionHandler<BodyTooLargeException, HttpResponse<Problem>> {
        @Override
        public HttpResponse<Problem> handle(HttpRequest request, BodyTooLargeException e) {
            return respond(tooLarge(e.getMessage(), request.getPath()));
        }
    }

    /**
     * Bodies above Micronaut's own {@code micronaut.server.max-request-size}: the same 413 problem
     * as for our limit, instead of Micronaut's generic JSON error (replaced server-wide).
     */
    @Produces
    @Singleton
    @Replaces(ContentLengthExceededHandler.class)
    @Requires(property = "plimsoll.ingest.enabled", notEquals = "false")
    static final class ServerTooLarge
            implements ExceptionHandler<ContentLengthExceededException, HttpResponse<Problem>> {
        @Override
        public HttpResponse<Problem> handle(HttpRequest request, ContentLengthExceededException e) {
            return respond(tooLarge(e.getMessage(), request.getPath()));
        }
    }

    @Produces
    @Singleton
    @Requires(property = "plimsoll.ingest.enabled", notEquals = "false")
    static final class TenantForbidden
            implements ExceptionHandler<TenantForbiddenException, HttpResponse<Problem>> {
        @Override
        public HttpResponse<Problem> handle(HttpRequest request, TenantForbiddenException e) {
            return respond(
                    Problem.of(
                            "tenant-forbidden",
                            "Tenant not allowed for this key",
                            403,
                            e.getMessage(),
                            request.getPath()));
        }
    }

    @Produces
    @Singleton
    @Requires(property = "plimsoll.ingest.enabled", notEquals = "false")
    static final class Unavailable
            implements ExceptionHandler<KafkaUnavailableException, HttpResponse<Problem>> {
        private final IngestConfig config;

        Unavailable(IngestConfig config) {
            this.config = config;
        }

        @Override
        public HttpResponse<Problem> handle(HttpRequest request, KafkaUnavailableException e) {
            return respond(unavailable(e.getMessage(), request.getPath()))
                    .header(HttpHeaders.RETRY_AFTER, Integer.toString(config.retryAfterSeconds()));
        }
    }
}
