package dev.plimsoll.notify.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Configuration of notifications ({@code plimsoll.notify.*}); every key is in the module README.
 *
 * @param allowHosts targets allowed although private, loopback, ...: CIDR blocks and host names
 *     (env {@code PLIMSOLL_NOTIFY_ALLOW_HOSTS}, comma-separated)
 * @param contactPointsFile a YAML file of contact points (read-only through the API)
 * @param defaultContactPoints contact points of alert events whose rule names none
 * @param dashboardUrl a dashboard link template ({@code {service}}, {@code {rule}}, {@code {from}},
 *     {@code {to}})
 * @param retention how long the outbox and the delivery log keep records
 * @param dedupHorizon how long an alert event id is remembered to drop replays
 * @param tick how often groups are checked for a due flush
 * @param applicationId the Kafka Streams application id of the grouping stage
 * @param senderGroupId the consumer group of the sender
 * @param instanceId a static Kafka group member id for this process (fast takeover on restart)
 * @param sessionTimeout the Kafka group session timeout
 * @param commitInterval the exactly-once commit interval of the grouping stage
 * @param grouping grouping of chat contact points that set none
 * @param delivery retries, timeouts and concurrency
 */
@ConfigurationProperties("plimsoll.notify")
public record NotifySettings(
        @Nullable List<String> allowHosts,
        @Nullable Path contactPointsFile,
        @Nullable List<String> defaultContactPoints,
        @Nullable String dashboardUrl,
        @Bindable(defaultValue = "7d") @NotNull Duration retention,
        @Bindable(defaultValue = "7d") @NotNull Duration dedupHorizon,
        @Bindable(defaultValue = "1s") @NotNull Duration tick,
        @Bindable(defaultValue = "plimsoll-notify") @NotBlank String applicationId,
        @Bindable(defaultValue = "plimsoll-notify-sender") @NotBlank String senderGroupId,
        @Nullable String instanceId,
        @Bindable(defaultValue = "45s") @NotNull Duration sessionTimeout,
        @Bindable(defaultValue = "100ms") @NotNull Duration commitInterval,
        GroupingDefaults grouping,
        Delivery delivery,
        Topics topics) {

    /**
     * Topic names ({@code plimsoll.notify.topics.*}), for deployments or test suites sharing a
     * Kafka cluster; the defaults are the contract names.
     */
    @ConfigurationProperties("topics")
    public record Topics(
            @Bindable(defaultValue = "alerts.events.v1") @NotBlank String events,
            @Bindable(defaultValue = "notify.outbox.v1") @NotBlank String outbox,
            @Bindable(defaultValue = "notify.deliveries.v1") @NotBlank String deliveries,
            @Bindable(defaultValue = "notify.contact-points.v1") @NotBlank String contactPoints) {}

    public List<String> allowHostsOrEmpty() {
        return allowHosts == null ? List.of() : allowHosts;
    }

    public List<String> defaultContactPointsOrEmpty() {
        return defaultContactPoints == null ? List.of() : defaultContactPoints;
    }

    /** Default grouping ({@code plimsoll.notify.grouping.*}), Alertmanager's defaults. */
    @ConfigurationProperties("grouping")
    public record GroupingDefaults(
            @Nullable List<String> groupBy,
            @Bindable(defaultValue = "30s") @NotNull Duration groupWait,
            @Bindable(defaultValue = "5m") @NotNull Duration groupInterval,
            @Bindable(defaultValue = "4h") @NotNull Duration repeatInterval) {}

    /** Delivery ({@code plimsoll.notify.delivery.*}). */
    @ConfigurationProperties("delivery")
    public record Delivery(
            @Bindable(defaultValue = "8") @Min(1) @Max(100) int maxAttempts,
            @Bindable(defaultValue = "1s") @NotNull Duration initialBackoff,
            @Bindable(defaultValue = "5m") @NotNull Duration maxBackoff,
            @Bindable(defaultValue = "0.2") @DecimalMin("0") @DecimalMax("1") double jitter,
            @Bindable(defaultValue = "1h") @NotNull Duration maxRetryAfter,
            @Bindable(defaultValue = "5s") @NotNull Duration connectTimeout,
            @Bindable(defaultValue = "10s") @NotNull Duration requestTimeout,
            @Bindable(defaultValue = "5") @Min(0) @Max(20) int maxRedirects,
            @Bindable(defaultValue = "2") @Min(1) @Max(64) int maxConcurrencyPerTarget,
            @Bindable(defaultValue = "8") @Min(1) @Max(256) int threads,
            @Bindable(defaultValue = "10000") @Min(1) int maxInFlight) {}
}
