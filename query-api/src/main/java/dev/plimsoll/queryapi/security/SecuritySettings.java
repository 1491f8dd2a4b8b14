package dev.plimsoll.queryapi.security;

import dev.plimsoll.core.security.ApiKeyAccess;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.nio.file.Path;
import java.time.Duration;

/**
 * API key settings ({@code plimsoll.security.*}).
 *
 * @param mode {@code keys} (default): every {@code /api/v1} request needs a key; {@code open}:
 *     development only, no keys, a loud warning at startup
 * @param keys inline key entries in the format of {@link dev.plimsoll.core.security.ApiKeyRing}
 *     (env {@code PLIMSOLL_SECURITY_KEYS}; separate entries with {@code ;})
 * @param keysFile a file of key entries, re-read every {@code reloadInterval} (rotation without
 *     restart)
 * @param reloadInterval how often the keys file is checked for changes
 */
@ConfigurationProperties("plimsoll.security")
public record SecuritySettings(
        @Bindable(defaultValue = "keys")
                @NotNull
                @Pattern(regexp = "keys|open", message = "must be keys or open")
                String mode,
        @Nullable String keys,
        @Nullable Path keysFile,
        @Bindable(defaultValue = "10s") @NotNull Duration reloadInterval)
        implements ApiKeyAccess.Settings {

    /** Whether requests go through without keys (development mode). */
    public boolean open() {
        return "open".equals(mode);
    }
}
