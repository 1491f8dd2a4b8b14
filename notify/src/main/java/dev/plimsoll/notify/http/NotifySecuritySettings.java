package dev.plimsoll.notify.http;

import dev.plimsoll.core.security.ApiKeyAccess;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The process-wide API key settings ({@code plimsoll.security.*}) as the notify API reads them: the
 * same properties as the query API's and ingest's, so one configuration protects every route.
 */
@ConfigurationProperties("plimsoll.security")
@Requires(property = "plimsoll.api.enabled", notEquals = "false")
public record NotifySecuritySettings(
        @Bindable(defaultValue = "keys") @NotNull String mode,
        @Nullable String keys,
        @Nullable Path keysFile,
        @Bindable(defaultValue = "10s") @NotNull Duration reloadInterval)
        implements ApiKeyAccess.Settings {}
