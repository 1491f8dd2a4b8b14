package dev.plimsoll.app;

import dev.plimsoll.streams.StreamsSettings;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/**
 * Configuration of the {@code streams} role ({@code plimsoll.streams.*}); each key is described on
 * {@link StreamsSettings}. Partitions and replication of the topics come from {@code
 * plimsoll.kafka.*}, so every role creates topics alike.
 */
@ConfigurationProperties("plimsoll.streams")
public record StreamsRoleSettings(
        @Bindable(defaultValue = StreamsSettings.DEFAULT_APPLICATION_ID) @NotBlank
                String applicationId,
        @Bindable(defaultValue = "2m") @NotNull Duration grace,
        @Bindable(defaultValue = "1s") @NotNull Duration commitInterval,
        @Bindable(defaultValue = "1h") @NotNull Duration concurrencyHorizon,
        @Bindable(defaultValue = "30s") @NotNull Duration idleCloseAfter,
        @Bindable(defaultValue = "10s") @NotNull Duration maxClockSkew,
        @Bindable(defaultValue = "24h") @NotNull Duration idempotencyWindow,
        @Bindable(defaultValue = "1") @Min(1) @Max(64) int threads,
        @Bindable(defaultValue = "30s") @NotNull Duration closeTimeout,
        Sink sink) {

    /** The ClickHouse sink ({@code plimsoll.streams.sink.*}). */
    @ConfigurationProperties("sink")
    public record Sink(
            @Bindable(defaultValue = "plimsoll-clickhouse-sink") @NotBlank String groupId,
            @Bindable(defaultValue = "5000") @Min(1) @Max(1_000_000) int batchRows,
            @Bindable(defaultValue = "2s") @NotNull Duration batchInterval,
            @Bindable(defaultValue = "30s") @NotNull Duration maxRetryBackoff,
            @Bindable(defaultValue = "true") boolean applyTtl,
            Ttl ttl) {}

    /** TTL per table ({@code plimsoll.streams.sink.ttl.minute|hour|day}). */
    @ConfigurationProperties("ttl")
    public record Ttl(
            @Bindable(defaultValue = "14d") @NotNull Duration minute,
            @Bindable(defaultValue = "400d") @NotNull Duration hour,
            @Bindable(defaultValue = "1825d") @NotNull Duration day) {}
}
