package dev.plimsoll.queryapi.security;

import dev.plimsoll.core.security.ApiKeyAccess;
import dev.plimsoll.core.security.SecurityNotice;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The API keys in force, loaded at startup (invalid configuration stops the start) and re-read from
 * {@code plimsoll.security.keys-file} while running. Eager, so that open mode is announced at
 * startup. The rules are core's {@link ApiKeyAccess}.
 */
@Context
@Requires(property = "plimsoll.api.enabled", notEquals = "false")
public final class ApiKeyStore {

    private static final Logger LOG = LoggerFactory.getLogger(ApiKeyStore.class);

    private final ApiKeyAccess access;

    public ApiKeyStore(SecuritySettings settings) {
        this.access = ApiKeyAccess.load(settings);
        log(access.startupNotice("/api/v1", "read every tenant's metrics"));
    }

    /** The mode and the keys in force now. */
    public ApiKeyAccess access() {
        return access;
    }

    /** Re-reads the keys file when it changed; a broken file keeps the previous keys. */
    @Scheduled(
            fixedDelay = "${plimsoll.security.reload-interval:10s}",
            initialDelay = "${plimsoll.security.reload-interval:10s}")
    public void reload() {
        access.reload().ifPresent(ApiKeyStore::log);
    }

    private static void log(SecurityNotice notice) {
        LOG.atLevel(Level.valueOf(notice.level().name())).log(notice.message());
    }
}
