package dev.plimsoll.queryapi.security;

import dev.plimsoll.core.security.ApiKeyRing;
import dev.plimsoll.core.security.ReloadingApiKeyRing;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API keys in force, loaded at startup (invalid configuration stops the start) and re-read from
 * {@code plimsoll.security.keys-file} while running. Eager, so that open mode is announced at
 * startup.
 */
@Context
@Requires(property = "plimsoll.api.enabled", notEquals = "false")
public final class ApiKeyStore {

    private static final Logger LOG = LoggerFactory.getLogger(ApiKeyStore.class);

    private final SecuritySettings settings;
    private final ReloadingApiKeyRing ring;

    public ApiKeyStore(SecuritySettings settings) {
        this.settings = settings;
        this.ring =
                ReloadingApiKeyRing.load(
                        settings.keys(), "plimsoll.security.keys", settings.keysFile());
        if (settings.open()) {
            LOG.warn(
                    "\n"
                        + "****************************************************************************\n"
                        + "*  SECURITY: plimsoll.security.mode=open                                "
                        + "   *\n"
                        + "*  /api/v1 answers WITHOUT API keys: anyone who can reach this port can "
                        + "  *\n"
                        + "*  read every tenant's metrics. For local development only. Set         "
                        + " *\n"
                        + "*  plimsoll.security.mode=keys and configure keys before exposing it.   "
                        + "  *\n"
                        + "****************************************************************************");
        } else if (ring.current().size() == 0) {
            LOG.warn(
                    "No API keys are configured (plimsoll.security.keys / keys-file): every /api/v1"
                            + " request will be refused with 401.");
        } else {
            LOG.info(
                    "API keys: {} configured{}",
                    ring.current().size(),
                    settings.keysFile() == null
                            ? ""
                            : ", keys file "
                                    + settings.keysFile()
                                    + " re-read every "
                                    + settings.reloadInterval());
        }
    }

    /** Whether requests are let through without keys. */
    public boolean open() {
        return settings.open();
    }

    /** The keys in force now. */
    public ApiKeyRing keys() {
        return ring.current();
    }

    /** Re-reads the keys file when it changed; a broken file keeps the previous keys. */
    @Scheduled(
            fixedDelay = "${plimsoll.security.reload-interval:10s}",
            initialDelay = "${plimsoll.security.reload-interval:10s}")
    public void reload() {
        if (ring.file().isEmpty()) {
            return;
        }
        ReloadingApiKeyRing.Outcome outcome = ring.reloadIfChanged();
        if (outcome instanceof ReloadingApiKeyRing.Outcome.Reloaded reloaded) {
            LOG.info("API keys file reloaded: {} keys in force", reloaded.keys());
        } else if (outcome instanceof ReloadingApiKeyRing.Outcome.Failed failed) {
            LOG.error(
                    "API keys file not reloaded, previous keys stay in force: {}", failed.reason());
        }
    }
}
