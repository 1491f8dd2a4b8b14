package dev.plimsoll.notify.http;

import dev.plimsoll.notify.delivery.DeliveryRecord;
import dev.plimsoll.notify.delivery.DeliveryStatus;
import dev.plimsoll.notify.kafka.DeliveryLog;
import dev.plimsoll.notify.kafka.Outbox;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code /api/v1/deliveries}: the delivery log — status, attempts, last error and response code of
 * every message sent (or being sent, or given up on) within the retention, newest first.
 */
@Controller("/api/v1/deliveries")
@Requires(property = "plimsoll.api.enabled", notEquals = "false")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "notify")
public class DeliveriesController {

    private static final org.slf4j.Logger LOG =
            org.slf4j.LoggerFactory.getLogger(DeliveriesController.class);

    private final DeliveryLog log;
    private final Outbox outbox;
    private final java.time.Clock clock;

    DeliveriesController(DeliveryLog log, Outbox outbox, java.time.Clock clock) {
        this.log = log;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * Sends a dead delivery again (scope admin): the same message with the same id ({@code
     * webhook-id}), attempts counted afresh. 202 with the delivery, now pending; 409 unless it is
     * dead, or for a test message (send a new one).
     */
    @io.micronaut.http.annotation.Post("/{id}/retry")
    @Operation(
            operationId = "retryDelivery",
            summary = "Send a dead delivery again",
            description =
                    "The same message with the same id (webhook-id), attempts counted afresh,"
                            + " through the outbox.")
    @ApiResponse(
            responseCode = "202",
            description = "queued again; the delivery, now pending",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = DeliveryView.class)))
    @ApiResponse(
            responseCode = "404",
            description = "unknown-delivery: no delivery of that id within the retention",
            content =
                    @Content(
                            mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class)))
    @ApiResponse(
            responseCode = "409",
            description =
                    "delivery-not-dead: only dead deliveries can be retried; or"
                            + " delivery-not-retryable: a test message (send a new one)",
            content =
                    @Content(
                            mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class)))
    @ProblemResponses.KafkaUnavailable
    public io.micronaut.http.HttpResponse<DeliveryView> retry(@PathVariable String id) {
        DeliveryRecord r = log.get(id).orElseThrow(() -> unknown(id));
        if (r.status() != DeliveryStatus.DEAD) {
            throw new ProblemException(
                    Problem.of(
                            409,
                            "delivery-not-dead",
                            "Only dead deliveries can be retried",
                            "delivery " + id + " is " + r.status().wireName()));
        }
        if (r.payload() == null) {
            throw new ProblemException(
                    Problem.of(
                            409,
                            "delivery-not-retryable",
                            "Delivery kept no message",
                            "delivery "
                                    + id
                                    + " was a test message; send a new one with POST"
                                    + " /api/v1/contact-points/"
                                    + r.contactPoint()
                                    + "/test"));
        }
        DeliveryRecord pending = r.redriven(r.redrives() + 1, clock.instant());
        log.write(pending);
        outbox.redrive(r.outboxKey(), r.payload(), pending.redrives());
        LOG.info(
                "Dead delivery {} to contact point '{}' queued again (retry {})",
                id,
                r.contactPoint(),
                pending.redrives());
        return io.micronaut.http.HttpResponse.accepted().body(DeliveryView.of(pending));
    }

    private static ProblemException unknown(String id) {
        return new ProblemException(
                Problem.of(
                        404,
                        "unknown-delivery",
                        "Unknown delivery",
                        "no delivery '" + id + "' within the retention"));
    }

    @Get
    @Operation(
            operationId = "listDeliveries",
            summary = "List deliveries",
            description =
                    "Deliveries within the retention, newest first; the filters combine (all must"
                            + " match).")
    @ApiResponse(
            responseCode = "400",
            description = "invalid-parameters: a bad status or limit, named in invalidParams",
            content =
                    @Content(
                            mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class)))
    public DeliveryView.ListView list(
            @Parameter(
                            description = "Only deliveries to this contact point.",
                            example = "team-slack")
                    @Nullable
                    @QueryValue
                    String contactPoint,
            @Parameter(
                            description = "Only deliveries in this status.",
                            schema =
                                    @Schema(
                                            type = "string",
                                            allowableValues = {
                                                "pending",
                                                "retrying",
                                                "delivered",
                                                "dead"
                                            }))
                    @Nullable
                    @QueryValue
                    String status,
            @Parameter(description = "Only messages that carry this alert.") @Nullable @QueryValue
                    String alertId,
            @Parameter(description = "Only messages that carry this state change (event).")
                    @Nullable
                    @QueryValue
                    String eventId,
            @Parameter(description = "Only this message (webhook-id of a webhook).")
                    @Nullable
                    @QueryValue
                    String notificationId,
            @Parameter(
                            description = "At most this many deliveries, 1 to 10000; default 100.",
                            schema =
                                    @Schema(
                                            type = "integer",
                                            minimum = "1",
                                            maximum = "10000",
                                            defaultValue = "100"))
                    @Nullable
                    @QueryValue
                    String limit) {
        List<Problem.InvalidParam> invalid = new ArrayList<>();
        DeliveryStatus wanted = null;
        if (status != null) {
            try {
                wanted = DeliveryStatus.ofWireName(status);
            } catch (IllegalArgumentException e) {
                invalid.add(new Problem.InvalidParam("status", e.getMessage()));
            }
        }
        int max = 100;
        if (limit != null) {
            try {
                max = Integer.parseInt(limit);
                if (max < 1 || max > 10_000) {
                    invalid.add(new Problem.InvalidParam("limit", "must be 1 to 10000"));
                }
            } catch (NumberFormatException e) {
                invalid.add(new Problem.InvalidParam("limit", "must be a whole number"));
            }
        }
        if (!invalid.isEmpty()) {
            throw ContactPointsController.invalid(
                    "invalid-parameters", "Invalid parameters", invalid);
        }
        DeliveryStatus s = wanted;
        List<DeliveryView> out =
                log.all().stream()
                        .filter(r -> contactPoint == null || r.contactPoint().equals(contactPoint))
                        .filter(r -> s == null || r.status() == s)
                        .filter(
                                r ->
                                        notificationId == null
                                                || r.notificationId().equals(notificationId))
                        .filter(
                                r ->
                                        alertId == null
                                                || r.alerts().stream()
                                                        .anyMatch(a -> alertId.equals(a.alertId())))
                        .filter(
                                r ->
                                        eventId == null
                                                || r.alerts().stream()
                                                        .anyMatch(a -> eventId.equals(a.eventId())))
                        .sorted(
                                Comparator.comparing(DeliveryRecord::createdAt)
                                        .reversed()
                                        .thenComparing(DeliveryRecord::id))
                        .limit(max)
                        .map(DeliveryView::of)
                        .toList();
        return new DeliveryView.ListView(out);
    }

    @Get("/{id}")
    @Operation(operationId = "getDelivery", summary = "Get a delivery")
    @ApiResponse(
            responseCode = "404",
            description = "unknown-delivery: no delivery of that id within the retention",
            content =
                    @Content(
                            mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class)))
    public DeliveryView one(@PathVariable String id) {
        return log.get(id).map(DeliveryView::of).orElseThrow(() -> unknown(id));
    }
}
