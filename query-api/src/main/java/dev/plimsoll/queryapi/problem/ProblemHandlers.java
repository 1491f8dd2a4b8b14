package dev.plimsoll.queryapi.problem;

import dev.plimsoll.queryapi.params.InvalidParametersException;
import dev.plimsoll.read.clickhouse.ClickHouseUnavailableException;
import dev.plimsoll.read.clickhouse.QueryFailedException;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.UUID;

/**
 * Maps the query API's exceptions to problem responses, one handler per kind. Only this module's
 * own exception types are handled, so other modules' error handling is untouched.
 */
public final class ProblemHandlers {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemHandlers.class);

    private ProblemHandlers() {}

    /** The bean annotations of every handler here (a Micronaut stereotype). */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @Singleton
    @Produces(Problem.MEDIA_TYPE)
    @Requires(property = "plimsoll.api.enabled", notEquals = "false")
    @interface ApiProblemHandler {}

    /**
     * Answers {@code E} with a problem of one kind. Its detail is the exception's message (a full
     * sentence written for the caller) unless the handler overrides {@link #detail}.
     */
    abstract static class KindHandler<E extends RuntimeException>
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
            return Problem.of(status, kind, title, detail(request, e), request.getPath())
                    .toResponse();
        }

        /** The problem's detail; a handler whose detail names a log entry logs it here. */
        String detail(HttpRequest<?> request, E e) {
            return e.getMessage();
        }
    }

    /** 400 listing every invalid parameter. */
    @ApiProblemHandler
    public static final class InvalidParameters
            implements ExceptionHandler<InvalidParametersException, HttpResponse<Problem>> {
        @Override
        public HttpResponse<Problem> handle(HttpRequest request, InvalidParametersException e) {
            String names =
                    String.join(", ", e.problems().stream().map(p -> p.name()).distinct().toList());
            return new Problem(
                            "urn:plimsoll:problem:invalid-parameters",
                            "Invalid request parameters",
                            400,
                            "Invalid parameter"
                                    + (names.contains(",") ? "s " : " ")
                                    + names
                                    + ": "
                                    + e.getMessage(),
                            request.getPath(),
                            e.problems())
                    .toResponse();
        }
    }

    /** 404 for a service or operation never seen. */
    @ApiProblemHandler
    public static final class NotFound extends KindHandler<NotFoundException> {
        NotFound() {
            super(HttpStatus.NOT_FOUND, "unknown-service", "Unknown service");
        }
    }

    /** 403 when a tenant-bound key asks for another tenant. */
    @ApiProblemHandler
    public static final class TenantForbidden extends KindHandler<TenantForbiddenException> {
        TenantForbidden() {
            super(HttpStatus.FORBIDDEN, "tenant-forbidden", "Tenant not allowed for this key");
        }
    }

    /** 503 when ClickHouse is unreachable; the client may retry. */
    @ApiProblemHandler
    public static final class Unavailable extends KindHandler<ClickHouseUnavailableException> {
        Unavailable() {
            super(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "storage-unavailable",
                    "Metrics storage unavailable");
        }

        @Override
        public MutableHttpResponse<Problem> handle(
                HttpRequest request, ClickHouseUnavailableException e) {
            LOG.warn(
                    "{} {}: {} ({})",
                    request.getMethod(),
                    request.getPath(),
                    e.getMessage(),
                    rootCause(e));
            return super.handle(request, e).header("Retry-After", "5");
        }

        @Override
        String detail(HttpRequest<?> request, ClickHouseUnavailableException e) {
            return "The metrics store (ClickHouse) is not reachable right now; retry shortly.";
        }
    }

    /** 500 for a query ClickHouse rejected: the details go to the log under an id. */
    @ApiProblemHandler
    public static final class QueryFailed extends KindHandler<QueryFailedException> {
        QueryFailed() {
            super(HttpStatus.INTERNAL_SERVER_ERROR, "query-failed", "Query failed");
        }

        @Override
        String detail(HttpRequest<?> request, QueryFailedException e) {
            String id = UUID.randomUUID().toString();
            LOG.error("{} {} failed, error id {}", request.getMethod(), request.getPath(), id, e);
            return "The metrics query failed; the server log has the details under error id "
                    + id
                    + ".";
        }
    }

    private static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.toString();
    }
}
