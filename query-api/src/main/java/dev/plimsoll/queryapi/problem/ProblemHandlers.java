package dev.plimsoll.queryapi.problem;

import dev.plimsoll.queryapi.clickhouse.ClickHouseUnavailableException;
import dev.plimsoll.queryapi.clickhouse.QueryFailedException;
import dev.plimsoll.queryapi.params.InvalidParametersException;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;

/**
 * Maps the query API's exceptions to problem responses, one handler per kind. Only this module's
 * own exception types are handled, so other modules' error handling is untouched.
 */
public final class ProblemHandlers {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemHandlers.class);

    private ProblemHandlers() {}

    /** 400 listing every invalid parameter. */
    @Singleton
    @Produces(Problem.MEDIA_TYPE)
    @Requires(property = "plimsoll.api.enabled", notEquals = "false")
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
    @Singleton
    @Produces(Problem.MEDIA_TYPE)
    @Requires(property = "plimsoll.api.enabled", notEquals = "false")
    public static final class NotFound
            implements ExceptionHandler<NotFoundException, HttpResponse<Problem>> {
        @Override
        public HttpResponse<Problem> handle(HttpRequest request, NotFoundException e) {
            return Problem.of(
                            HttpStatus.NOT_FOUND,
                            "unknown-service",
                            "Unknown service",
                            e.getMessage(),
                            request.getPath())
                    .toResponse();
        }
    }

    /** 403 when a tenant-bound key asks for another tenant. */
    @Singleton
    @Produces(Problem.MEDIA_TYPE)
    @Requires(property = "plimsoll.api.enabled", notEquals = "false")
    public static final class TenantForbidden
            implements ExceptionHandler<TenantForbiddenException, HttpResponse<Problem>> {
        @Override
        public HttpResponse<Problem> handle(HttpRequest request, TenantForbiddenException e) {
            return Problem.of(
                            HttpStatus.FORBIDDEN,
                            "tenant-forbidden",
                            "Tenant not allowed for this key",
                            e.getMessage(),
                            request.getPath())
                    .toResponse();
        }
    }

    /** 503 when ClickHouse is unreachable; the client may retry. */
    @Singleton
    @Produces(Problem.MEDIA_TYPE)
    @Requires(property = "plimsoll.api.enabled", notEquals = "false")
    public static final class Unavailable
            implements ExceptionHandler<ClickHouseUnavailableException, HttpResponse<Problem>> {
        @Override
        public HttpResponse<Problem> handle(HttpRequest request, ClickHouseUnavailableException e) {
            LOG.warn(
                    "{} {}: {} ({})",
                    request.getMethod(),
                    request.getPath(),
                    e.getMessage(),
                    rootCause(e));
            return Problem.of(
                            HttpStatus.SERVICE_UNAVAILABLE,
                            "storage-unavailable",
                            "Metrics storage unavailable",
                            "The metrics store (ClickHouse) is not reachable right now; retry"
                                    + " shortly.",
                            request.getPath())
                    .toResponse()
                    .header("Retry-After", "5");
        }
    }

    /** 500 for a query ClickHouse rejected: the details go to the log under an id. */
    @Singleton
    @Produces(Problem.MEDIA_TYPE)
    @Requires(property = "plimsoll.api.enabled", notEquals = "false")
    public static final class QueryFailed
            implements ExceptionHandler<QueryFailedException, HttpResponse<Problem>> {
        @Override
        public HttpResponse<Problem> handle(HttpRequest request, QueryFailedException e) {
            String id = UUID.randomUUID().toString();
            LOG.error("{} {} failed, error id {}", request.getMethod(), request.getPath(), id, e);
            return Problem.of(
                            HttpStatus.INTERNAL_SERVER_ERROR,
                            "query-failed",
                            "Query failed",
                            "The metrics query failed; the server log has the details under error"
                                    + " id "
                                    + id
                                    + ".",
                            request.getPath())
                    .toResponse();
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
