package dev.plimsoll.notify.http;

import dev.plimsoll.core.security.ApiKeyAccess;
import dev.plimsoll.core.security.SecurityNotice;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The API keys the notify routes accept (core's {@link ApiKeyAccess}; the query API announces open
 * mode at startup, this instance only logs reloads and errors).
 */
@Singleton
@Requires(property = "plimsoll.api.enabled", notEquals = "false")
public final class NotifyKeyStore {

    private static final Logger LOG = LoggerFactory.getLogger(NotifyKeyStore.class);

    private final ApiKeyAccess access;

    public NotifyKeyStore(NotifySecuritySettings settings) {
        this.access = ApiKeyAccess.load(settings);
    }

    public ApiKeyAccess access() {
        return access;
    }

    @Scheduled(
            fixedDelay = "${plimsoll.security.reload-interval:10s}",
            initialDelay = "${plimsoll.security.reload-interval:10s}")
    public void reload() {
        access.reload().ifPresent(NotifyKeyStore::log);
    }

    private static void log(SecurityNotice notice) {
        LOG.atLevel(Level.valueOf(notice.level().name())).log(notice.message());
    }
}
