package dev.plimsoll.ingest;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/**
 * Settings of the ingest role, keys under {@code plimsoll.ingest}.
 *
 * @param maxBodyBytes largest accepted request body of a telemetry batch (JSON, NDJSON, OTLP);
 *     larger bodies get 413
 * @param maxRecords most records in one request (a FOCUS import's rows included); more get 413
 * @param maxImportBytes largest accepted FOCUS CSV import (decompressed); larger get 413. An import
 *     carries a billing account's whole period in one request, so it gets its own, larger limit;
 *     the server's own limits ({@code micronaut.server.max-request-size} and {@code
 *     max-request-buffer-size}) follow this setting ({@link IngestDefaults})
 * @param retryAfterSeconds the {@code Retry-After} sent with 503 when Kafka is unreachable
 * @param producerMaxBlock how long a send may wait for metadata or buffer space ({@code
 *     max.block.ms})
 * @param producerRequestTimeout Kafka {@code request.timeout.ms}
 * @param producerDeliveryTimeout upper bound from send to acknowledgement ({@code
 *     delivery.timeout.ms}), so a request on a dead broker is answered 503 within about this time
 * @param producerLinger Kafka {@code linger.ms}: a little batching across concurrent requests
 * @param kafkaHealthTimeout how long the Kafka readiness check waits for the cluster to answer
 * @param kafkaHealthCache how long a Kafka readiness result is reused, so that frequent {@code
 *     /health} probes cost one cluster round trip per period at most
 * @param maxEventAge the accepted age of request events ({@code plimsoll.ingest.max-event-age},
 *     default 14 days, the minute table's retention): an event that started longer ago is rejected
 *     at its index, naming the limit (OTLP: in the partial success); everything accepted is
 *     counted, however late it reaches the streams job
 */
@ConfigurationProperties("plimsoll.ingest")
@Requires(property = "plimsoll.ingest.enabled", notEquals = "false")
public record IngestConfig(
        @Bindable(defaultValue = "8388608") @Min(1024) @Max(Integer.MAX_VALUE - 1024)
                int maxBodyBytes,
        @Bindable(defaultValue = "100000") @Min(1) int maxRecords,
        @Bindable(defaultValue = "134217728") @Min(1024) @Max(Integer.MAX_VALUE - 1024)
                int maxImportBytes,
        @Bindable(defaultValue = "5") @Min(1) @Max(3600) int retryAfterSeconds,
        @Bindable(defaultValue = "5s") @NotNull Duration producerMaxBlock,
        @Bindable(defaultValue = "5s") @NotNull Duration producerRequestTimeout,
        @Bindable(defaultValue = "15s") @NotNull Duration producerDeliveryTimeout,
        @Bindable(defaultValue = "5ms") @NotNull Duration producerLinger,
        @Bindable(defaultValue = "2s") @NotNull Duration kafkaHealthTimeout,
        @Bindable(defaultValue = "5s") @NotNull Duration kafkaHealthCache,
        @Bindable(defaultValue = "14d") @NotNull Duration maxEventAge) {

    /** The default of {@code plimsoll.ingest.max-import-bytes}: 128 MiB. */
    public static final int DEFAULT_MAX_IMPORT_BYTES = 134_217_728;

    public IngestConfig {
        if (producerDeliveryTimeout.compareTo(producerRequestTimeout.plus(producerLinger)) < 0) {
            throw new IllegalArgumentException(
                    "plimsoll.ingest.producer-delivery-timeout ("
                            + producerDeliveryTimeout
                            + ") must be at least producer-request-timeout + producer-linger, as"
                            + " Kafka requires.");
        }
        if (maxEventAge.isNegative() || maxEventAge.isZero()) {
            throw new IllegalArgumentException(
                    "plimsoll.ingest.max-event-age must be positive, was " + maxEventAge);
        }
    }
}
