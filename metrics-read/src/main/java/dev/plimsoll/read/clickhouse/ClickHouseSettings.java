package dev.plimsoll.read.clickhouse;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/**
 * How the query API reaches ClickHouse ({@code plimsoll.clickhouse.*}).
 *
 * @param url the JDBC URL including the database (env {@code PLIMSOLL_CLICKHOUSE_URL}); for the
 *     local engine add {@code compress=false}
 * @param username overrides the URL's {@code user} option; default {@code default}
 * @param password overrides the URL's {@code password} option; keep it out of the URL in production
 * @param connectTimeout how long to wait for a connection before answering 503
 * @param queryTimeout how long a query may run (enforced by the server and the socket)
 */
@ConfigurationProperties("plimsoll.clickhouse")
public record ClickHouseSettings(
        @NotBlank String url,
        @Nullable String username,
        @Nullable String password,
        @Bindable(defaultValue = "2s") @NotNull Duration connectTimeout,
        @Bindable(defaultValue = "15s") @NotNull Duration queryTimeout) {}
