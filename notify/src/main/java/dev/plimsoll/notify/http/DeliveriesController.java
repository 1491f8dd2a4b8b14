package dev.plimsoll.notify.http;

import dev.plimsoll.notify.delivery.DeliveryRecord;
import dev.plimsoll.notify.delivery.DeliveryStatus;
import dev.plimsoll.notify.kafka.DeliveryLog;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

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
public class DeliveriesController {

    private final DeliveryLog log;

    DeliveriesController(DeliveryLog log) {
        this.log = log;
    }

    @Get
    public DeliveryView.ListView list(
            @Nullable @QueryValue String contactPoint,
            @Nullable @QueryValue String status,
            @Nullable @QueryValue String alertId,
            @Nullable @QueryValue String eventId,
            @Nullable @QueryValue String notificationId,
            @Nullable @QueryValue String limit) {
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
    public DeliveryView one(@PathVariable String id) {
        return log.get(id)
                .map(DeliveryView::of)
                .orElseThrow(
                        () ->
                                new ProblemException(
                                        Problem.of(
                                                404,
                                                "unknown-delivery",
                                                "Unknown delivery",
                                                "no delivery '" + id + "' within the retention")));
    }
}
