package dev.plimsoll.notify.http;

import dev.plimsoll.notify.delivery.DeliveryRecord;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** A delivery as {@code /api/v1/deliveries} shows it (absent values as null). */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record DeliveryView(
        String id,
        String notificationId,
        String contactPoint,
        @Nullable String type,
        String status,
        int attempts,
        @Nullable String lastError,
        @Nullable Integer responseCode,
        String createdAt,
        String updatedAt,
        @Nullable String nextAttemptAt,
        String notificationStatus,
        boolean test,
        List<AlertView> alerts,
        int retries) {

    /** One alert of the message. */
    @Serdeable
    public record AlertView(String alertId, String eventId, String rule, String state) {}

    /** The list answer; an empty list is written as {@code []}, not left out. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ListView(List<DeliveryView> deliveries) {}

    static DeliveryView of(DeliveryRecord r) {
        return new DeliveryView(
                r.id(),
                r.notificationId(),
                r.contactPoint(),
                r.type(),
                r.status().wireName(),
                r.attempts(),
                r.lastError(),
                r.responseCode(),
                r.createdAt().toString(),
                r.updatedAt().toString(),
                r.nextAttemptAt() == null ? null : r.nextAttemptAt().toString(),
                r.notificationStatus(),
                r.test(),
                r.alerts().stream()
                        .map(a -> new AlertView(a.alertId(), a.eventId(), a.rule(), a.state()))
                        .toList(),
                r.redrives());
    }
}
