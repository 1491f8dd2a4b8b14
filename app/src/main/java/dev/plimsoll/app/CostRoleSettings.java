package dev.plimsoll.app;

import dev.plimsoll.cost.CostJobSettings;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;
import java.util.List;

/**
 * Configuration of the {@code cost} role ({@code plimsoll.cost.*}); each job setting is described
 * on {@link CostJobSettings}, the rest in the cost module's README.
 */
@ConfigurationProperties("plimsoll.cost")
public record CostRoleSettings(
        @Bindable(defaultValue = "1") @Min(1) @Max(64) int parallelism,
        @Bindable(defaultValue = "10s") @NotNull Duration checkpointInterval,
        @Bindable(defaultValue = CostJobSettings.DEFAULT_GROUP_ID) @NotBlank String groupId,
        @Bindable(defaultValue = "plimsoll.service,service,application,app") @NotNull
                List<String> serviceTags,
        @Nullable List<String> sharedRules,
        @Bindable(defaultValue = "requests") @NotBlank String defaultPolicy,
        @Bindable(defaultValue = "24h") @NotNull Duration settle,
        @Bindable(defaultValue = "5s") @NotNull Duration emitDelay,
        @Bindable(defaultValue = "5s") @NotNull Duration trafficFlushInterval,
        @Bindable(defaultValue = "1m") @NotNull Duration requestOutOfOrderness,
        @Bindable(defaultValue = "30s") @NotNull Duration sourceIdleness,
        @Bindable(defaultValue = "10s") @NotNull Duration maxClockSkew,
        @Bindable(defaultValue = "1d") @NotNull Duration pendingImportTimeout,
        @Bindable(defaultValue = "65536") @Min(1) @Max(1048576) int usersCap,
        @Bindable(defaultValue = "true") boolean applyTtl,
        @Bindable(defaultValue = "30s") @NotNull Duration closeTimeout,
        Retention retention) {

    /** TTLs of the cost tables ({@code plimsoll.cost.retention.hour|day}). */
    @ConfigurationProperties("retention")
    public record Retention(
            @Bindable(defaultValue = "400d") @NotNull Duration hour,
            @Bindable(defaultValue = "1825d") @NotNull Duration day) {}
}
