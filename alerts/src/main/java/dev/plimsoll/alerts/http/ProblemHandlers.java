package dev.plimsoll.alerts.http;

import dev.plimsoll.alerts.rules.RuleConflictException;
import dev.plimsoll.alerts.rules.RuleNotFoundException;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/**
 * The alerting routes' exceptions as problems; only this module's own exception types. ClickHouse
 * outages are answered by the query API's handler (503), which is in every process that serves
 * these routes.
 */
public final class ProblemHandlers {

    private ProblemHandlers() {}

    /** 400 listing every invalid field. */
    @Singleton
    @Produces(Problem.MEDIA_TYPE)
    @Requires(property = "plimsoll.api.enabled", notEquals = "false")
    public static final class Invalid
            implements ExceptionHandler<InvalidRequestException, HttpResponse<Problem>> {
        @Override
        public HttpResponse<Problem> handle(HttpRequest request, InvalidRequestException e) {
            String names =
                    String.join(
                            ", ",
                            e.problems().stream().map(InvalidParameter::name).distinct().toList());
            return new Problem(
                            "urn:plimsoll:problem:invalid-parameters",
                            "Invalid request",
                            400,
                            "Invalid field"
                                    + (names.contains(",") ? "s " : " ")
                                    + names
                                    + ": "
                                    + e.getMessage(),
                            request.getPath(),
                            e.problems())
                    .toResponse();
        }
    }

    /** 404. */
    @Singleton
    @Produces(Problem.MEDIA_TYPE)
    @Requires(property = "plimsoll.api.enabled", notEquals = "false")
    public static final class NotFound
            implements ExceptionHandler<RuleNotFoundException, HttpResponse<Problem>> {
        @Override
        public HttpResponse<Problem> handle(HttpRequest request, RuleNotFoundException e) {
            return Problem.of(
                            HttpStatus.NOT_FOUND,
                            "not-found",
                            "Not found",
                            e.getMessage(),
                            request.getPath())
                    .toResponse();
        }
    }

    /** 409: exists, or read-only (a file rule). */
    @Singleton
    @Produces(Problem.MEDIA_TYPE)
    @Requires(property = "plimsoll.api.enabled", notEquals = "false")
    public static final class Conflict
            implements ExceptionHandler<RuleConflictException, HttpResponse<Problem>> {
        @Override
        public HttpResponse<Problem> handle(HttpRequest request, RuleConflictException e) {
            return Problem.of(
                            HttpStatus.CONFLICT,
                            "conflict",
                            "Conflict",
                            e.getMessage(),
                            request.getPath())
                    .toResponse();
        }
    }

    /** 403 for a tenant-bound key. */
    @Singleton
    @Produces(Problem.MEDIA_TYPE)
    @Requires(property = "plimsoll.api.enabled", notEquals = "false")
    public static final class Forbidden
            implements ExceptionHandler<ForbiddenException, HttpResponse<Problem>> {
        @Override
        public HttpResponse<Problem> handle(HttpRequest request, ForbiddenException e) {
            return Problem.of(
                            HttpStatus.FORBIDDEN,
                            "tenant-forbidden",
                            "Tenant not allowed for this key",
                            e.getMessage(),
                            request.getPath())
                    .toResponse();
        }
    }
}
