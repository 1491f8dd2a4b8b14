package dev.plimsoll.alerts;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Configuration of alerting ({@code plimsoll.alerts.*}); see the module README for each key.
 *
 * @param rulesDir a directory of rule files ({@code *.yaml}, {@code *.yml}, {@code *.json}) loaded
 *     at start; read-only through the API
 * @param pollInterval how often the evaluator looks for due evaluations
 * @param rulesRefresh how often rules and silences are re-read from ClickHouse
 * @param settle how long after a minute's grace period it is taken as final when its service sent
 *     nothing (quiet services); on top of the streams job's {@code grace}
 * @param grace the streams job's grace period (set it to {@code plimsoll.streams.grace}; the app
 *     does)
 * @param partitions partitions of the evaluator's state topic: at most this many evaluators share
 *     the rules
 * @param maxCatchUp the most evaluations of one rule run in one round after a pause
 * @param lagTolerance how overdue finalized minutes may be before the pipeline-lag meta-alert
 * @param lagFor how long the lag must last before it fires
 * @param lagNotify contact points of the pipeline-lag meta-alert; empty: every rule's
 * @param backtestMaxEvaluations the most evaluations one backtest may run
 * @param groupId the evaluators' consumer group (one evaluator per rule within it)
 * @param stateTopic the evaluators' compacted state topic
 * @param lagStages the pipeline stages whose backlog is watched, {@code group:topic}: the streams
 *     job on the request topic and the ClickHouse sink on the minute topic
 */
@ConfigurationProperties("plimsoll.alerts")
public record AlertsSettings(
        @Nullable Path rulesDir,
        @Bindable(defaultValue = "1s") @NotNull Duration pollInterval,
        @Bindable(defaultValue = "5s") @NotNull Duration rulesRefresh,
        @Bindable(defaultValue = "1m") @NotNull Duration settle,
        @Bindable(defaultValue = "2m") @NotNull Duration grace,
        @Bindable(defaultValue = "6") @Min(1) @Max(1000) int partitions,
        @Bindable(defaultValue = "1440") @Min(1) int maxCatchUp,
        @Bindable(defaultValue = "3m") @NotNull Duration lagTolerance,
        @Bindable(defaultValue = "1m") @NotNull Duration lagFor,
        @Nullable List<String> lagNotify,
        @Bindable(defaultValue = "50000") @Min(1) int backtestMaxEvaluations,
        @Bindable(defaultValue = "plimsoll-alerts-evaluator") @NotBlank String groupId,
        @Bindable(defaultValue = "alerts.state.v1") @NotBlank String stateTopic,
        @Bindable(
                        defaultValue =
                                "plimsoll-service-minute:telemetry.requests.v1,plimsoll-clickhouse-sink:metrics.service-minute.v1")
                List<String> lagStages) {

    /**
     * How long after its end a minute of a quiet service is taken as final: 1 min + grace + settle.
     */
    public Duration finalizationDelay() {
        return grace.plus(settle);
    }
}
