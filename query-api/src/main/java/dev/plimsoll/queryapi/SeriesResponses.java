package dev.plimsoll.queryapi;

import dev.plimsoll.queryapi.problem.Problem;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Documents the answers of a per-service series endpoint with an {@code operation} parameter: the
 * series (200), 404 for a service or operation never seen, and the {@link ProblemResponses}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@ApiResponse(
        responseCode = "200",
        description = "The series; no points when the range holds no data.")
@ProblemResponses
@ApiResponse(
        responseCode = "404",
        description = "The service (or operation) was never seen in the retained data.",
        content =
                @Content(
                        mediaType = Problem.MEDIA_TYPE,
                        schema = @Schema(implementation = Problem.class)))
public @interface SeriesResponses {}
