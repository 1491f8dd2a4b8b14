package dev.plimsoll.ingest.security;

import dev.plimsoll.core.security.ApiKeyAccess;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The process-wide API key settings ({@code plimsoll.security.*}) as the ingest role reads them:
 * the same properties as the query API's, so one configuration protects every route of the process.
 * The mode is checked by core ({@link dev.plimsoll.core.security.SecurityMode}).
 *
 * @param mode {@code keys} (default) or {@code open} (development only)
 * @param keys inline key entries (env {@code PLIMSOLL_SECURITY_KEYS}; entries separated by {@code
 *     ;} or line breaks)
 * @param keysFile a file of key entries, re-read every {@code reloadInterval}
 * @param reloadInterval how often the keys file is checked for changes
 */
@ConfigurationProperties("plimsoll.security")
@Requires(property = "plimsoll.ingest.enabled", notEquals = "false")
public record IngestSecuritySettings(
        @Bindable(defaultValue = "keys") @NotNull String mode,
        @Nullable String keys,
        @Nullable Path keysFile,
        @Bindable(defaultValue = "10s") @NotNull Duration reloadInterval)
        implements ApiKeyAccess.Settings {}
