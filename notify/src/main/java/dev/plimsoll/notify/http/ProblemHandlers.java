package dev.plimsoll.notify.http;

import dev.plimsoll.notify.kafka.StoreUnavailableException;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** Problem responses of the notify API. */
final class ProblemHandlers {

    private ProblemHandlers() {}

    static MutableHttpResponse<Problem> respond(Problem p) {
        return HttpResponse.<Problem>status(HttpStatus.valueOf(p.status()))
                .contentType(Problem.MEDIA_TYPE)
                .body(p);
    }

    @Singleton
    @Produces
    @Requires(property = "plimsoll.api.enabled", notEquals = "false")
    static final class Problems
            implements ExceptionHandler<ProblemException, HttpResponse<Problem>> {
        @Override
        public HttpResponse<Problem> handle(HttpRequest request, ProblemException e) {
            return respond(e.problem().at(request.getPath()));
        }
    }

    @Singleton
    @Produces
    @Requires(property = "plimsoll.api.enabled", notEquals = "false")
    static final class Unavailable
            implements ExceptionHandler<StoreUnavailableException, HttpResponse<Problem>> {
        @Override
        public HttpResponse<Problem> handle(HttpRequest request, StoreUnavailableException e) {
            return respond(
                            Problem.of(
                                            503,
                                            "kafka-unavailable",
                                            "Kafka unavailable",
                                            e.getMessage())
                                    .at(request.getPath()))
                    .header(HttpHeaders.RETRY_AFTER, "5");
        }
    }
}
