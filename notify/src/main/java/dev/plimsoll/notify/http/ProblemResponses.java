package dev.plimsoll.notify.http;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The {@code application/problem+json} answers several notify routes share, as meta-annotations for
 * the OpenAPI document: micronaut-openapi reads the {@code @ApiResponse}s of an operation's
 * stereotypes as if declared on it (the query API's {@code ProblemResponses} does the same).
 */
final class ProblemResponses {

    private ProblemResponses() {}

    /** 503: a route that writes to Kafka could not have the write confirmed. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
    @ApiResponse(
            responseCode = "503",
            description = "kafka-unavailable: Kafka did not confirm the write (Retry-After: 5)",
            content =
                    @Content(
                            mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class)))
    @interface KafkaUnavailable {}

    /** 404: the contact point in the path does not exist. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
    @ApiResponse(
            responseCode = "404",
            description = "unknown-contact-point: no contact point of that name",
            content =
                    @Content(
                            mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class)))
    @interface UnknownContactPoint {}

    /** 409: the contact point comes from the contact points file, read-only through the API. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
    @ApiResponse(
            responseCode = "409",
            description =
                    "read-only-contact-point: defined in the contact points file (change it there)",
            content =
                    @Content(
                            mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class)))
    @interface ReadOnlyContactPoint {}
}
