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
 * Documents, in the OpenAPI document, the {@code application/problem+json} answers every {@code
 * /api/v1} read can give: 400, 401, 403 and 503. A meta-annotation: micronaut-openapi reads the
 * {@code @ApiResponse}s of an operation's stereotypes as if declared on it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@ApiResponse(
        responseCode = "400",
        description = "Invalid parameters, each named in `invalidParams`.",
        content =
                @Content(
                        mediaType = Problem.MEDIA_TYPE,
                        schema = @Schema(implementation = Problem.class)))
@ApiResponse(
        responseCode = "401",
        description = "No API key, or an unknown one.",
        content =
                @Content(
                        mediaType = Problem.MEDIA_TYPE,
                        schema = @Schema(implementation = Problem.class)))
@ApiResponse(
        responseCode = "403",
        description = "The key lacks scope `read`, or is bound to another tenant.",
        content =
                @Content(
                        mediaType = Problem.MEDIA_TYPE,
                        schema = @Schema(implementation = Problem.class)))
@ApiResponse(
        responseCode = "503",
        description = "ClickHouse is unreachable; retry later.",
        content =
                @Content(
                        mediaType = Problem.MEDIA_TYPE,
                        schema = @Schema(implementation = Problem.class)))
public @interface ProblemResponses {}
