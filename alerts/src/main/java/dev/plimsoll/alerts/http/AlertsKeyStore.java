package dev.plimsoll.alerts.http;

import dev.plimsoll.core.security.ApiKeyAccess;
import dev.plimsoll.core.security.SecurityNotice;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.scheduling.annotation.Scheduled;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The API keys of the alerting routes: the process's one {@code plimsoll.security.*} configuration,
 * read with core's {@link ApiKeyAccess} (adapters share no beans, so this module keeps its own
 * instance, like ingest). Re-read from the keys file while running.
 */
@Context
@Requires(property = "plimsoll.api.enabled", notEquals = "false")
public final class AlertsKeyStore {

    private static final Logger LOG = LoggerFactory.getLogger(AlertsKeyStore.class);

    /** {@code plimsoll.security.*}, as the query API reads it. */
    @ConfigurationProperties("plimsoll.security")
    public record Settings(
            @Bindable(defaultValue = "keys") String mode,
            @Nullable String keys,
            @Nullable Path keysFile,
            @Bindable(defaultValue = "10s") Duration reloadInterval)
            implements ApiKeyAccess.Settings {}

    private final ApiKeyAccess access;

    public AlertsKeyStore(Settings settings) {
        this.access = ApiKeyAccess.load(settings);
    }

    public ApiKeyAccess access() {
        return access;
    }

    @Scheduled(
            fixedDelay = "${plimsoll.security.reload-interval:10s}",
            initialDelay = "${plimsoll.security.reload-interval:10s}")
    public void reload() {
        access.reload().ifPresent(AlertsKeyStore::log);
    }

    private static void log(SecurityNotice notice) {
        LOG.atLevel(Level.valueOf(notice.level().name())).log(notice.message());
    }
}
