package dev.plimsoll.notify.delivery;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The delivery log's entry for one message to one contact point (topic {@code
 * notify.deliveries.v1}, compacted by {@code id}): its latest status and attempt. Never holds the
 * URL or secret; {@code lastError} is written without them.
 *
 * @param id the delivery's id ({@link #idOf})
 * @param notificationId the message's id (the {@code webhook-id} of a webhook)
 * @param contactPoint the contact point's name
 * @param type the contact point's type, or null when it does not exist
 * @param status where it stands
 * @param attempts attempts made so far
 * @param lastError what the last failed attempt met, or null
 * @param responseCode the last HTTP status received, or null
 * @param createdAt when the message was taken from the outbox
 * @param updatedAt when this entry was written
 * @param nextAttemptAt when the next attempt is due (status {@code retrying}), else null
 * @param notificationStatus {@code firing} or {@code resolved}
 * @param test whether it was a test message
 * @param alerts the alerts the message carried
 * @param redrives how often an operator sent it again after it was dead ({@code POST
 *     /api/v1/deliveries/{id}/retry})
 * @param outboxKey the message's outbox key, kept with a dead delivery so that it can be retried
 * @param payload the message ({@code NotificationCodec}), kept with a dead delivery, else null
 */
public record DeliveryRecord(
        String id,
        String notificationId,
        String contactPoint,
        String type,
        DeliveryStatus status,
        int attempts,
        String lastError,
        Integer responseCode,
        Instant createdAt,
        Instant updatedAt,
        Instant nextAttemptAt,
        String notificationStatus,
        boolean test,
        List<AlertRef> alerts,
        int redrives,
        String outboxKey,
        byte[] payload) {

    public DeliveryRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(notificationId, "notificationId");
        Objects.requireNonNull(contactPoint, "contactPoint");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        alerts = alerts == null ? List.of() : List.copyOf(alerts);
    }

    /**
     * One alert of the message.
     *
     * @param alertId the alert
     * @param eventId the state change
     * @param rule the rule's name
     * @param state {@code firing} or {@code resolved}
     */
    public record AlertRef(String alertId, String eventId, String rule, String state) {}

    /** The delivery id: 32 hex digits of SHA-256 over the contact point and the message id. */
    public static String idOf(String contactPoint, String notificationId) {
        try {
            byte[] h =
                    MessageDigest.getInstance("SHA-256")
                            .digest(
                                    (contactPoint + "\n" + notificationId)
                                            .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** This entry after another attempt or status change. */
    public DeliveryRecord next(
            DeliveryStatus status,
            int attempts,
            String lastError,
            Integer responseCode,
            Instant now,
            Instant nextAttemptAt) {
        return new DeliveryRecord(
                id,
                notificationId,
                contactPoint,
                type,
                status,
                attempts,
                lastError,
                responseCode,
                createdAt,
                now,
                nextAttemptAt,
                notificationStatus,
                test,
                alerts,
                redrives,
                null,
                null);
    }

    /** This dead delivery with the message needed to send it again. */
    public DeliveryRecord withMessage(String key, byte[] message) {
        return new DeliveryRecord(
                id,
                notificationId,
                contactPoint,
                type,
                status,
                attempts,
                lastError,
                responseCode,
                createdAt,
                updatedAt,
                nextAttemptAt,
                notificationStatus,
                test,
                alerts,
                redrives,
                key,
                message);
    }

    /** This delivery sent again: pending, attempts counted afresh, {@code redrive} recorded. */
    public DeliveryRecord redriven(int redrive, Instant now) {
        return new DeliveryRecord(
                id,
                notificationId,
                contactPoint,
                type,
                DeliveryStatus.PENDING,
                0,
                lastError,
                responseCode,
                createdAt,
                now,
                null,
                notificationStatus,
                test,
                alerts,
                redrive,
                null,
                null);
    }
}
