package dev.plimsoll.core.security;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The API key rules of one process as every HTTP adapter applies them: the {@linkplain SecurityMode
 * mode}, the keys in force (inline plus an optional keys file that is re-read), the check of a
 * request's headers against a required scope, and the notices an operator must see in the log.
 *
 * <p>Adapters keep only their framework glue: bind {@code plimsoll.security.*} to {@link Settings}
 * and {@link #load(Settings)}, log {@link #startupNotice} once, call {@link #reload()} every {@code
 * reload-interval} and log what it returns, and map {@link #authorize}'s decision to 401/403
 * answers in their own format.
 *
 * <p>Thread-safe: {@link #authorize} reads the current keys with one volatile read; reloads are
 * serialized by {@link ReloadingApiKeyRing}.
 */
public final class ApiKeyAccess {

    /** Where inline keys come from, for error messages. */
    public static final String INLINE_KEYS_PROPERTY = "plimsoll.security.keys";

    private static final int BOX_TEXT_WIDTH = 72;

    private final SecurityMode mode;
    private final ReloadingApiKeyRing ring;
    private final Duration reloadInterval;

    private ApiKeyAccess(SecurityMode mode, ReloadingApiKeyRing ring, Duration reloadInterval) {
        this.mode = mode;
        this.ring = ring;
        this.reloadInterval = reloadInterval;
    }

    /**
     * The {@code plimsoll.security.*} settings as an adapter binds them (each adapter has its own
     * configuration record implementing this, with the same property names).
     */
    public interface Settings {
        /** {@code keys} or {@code open}. */
        String mode();

        /** Inline entries in the {@link ApiKeyRing} format, or {@code null}. */
        String keys();

        /** A file of entries, re-read by {@link #reload()}, or {@code null}. */
        Path keysFile();

        /** How often the owner calls {@link #reload()}. */
        Duration reloadInterval();
    }

    /**
     * Loads the keys of {@code settings} once.
     *
     * @throws IllegalArgumentException as {@link #load(String, String, Path, Duration)}
     */
    public static ApiKeyAccess load(Settings settings) {
        return load(
                settings.mode(), settings.keys(), settings.keysFile(), settings.reloadInterval());
    }

    /**
     * Loads the keys once. Keys are loaded and validated in open mode too, so that a broken
     * configuration is found before the switch to {@code keys}.
     *
     * @param mode {@code keys} or {@code open}
     * @param inlineKeys entries in the {@link ApiKeyRing} format, or {@code null}
     * @param keysFile a file of entries, re-read by {@link #reload()}, or {@code null}
     * @param reloadInterval how often the owner calls {@link #reload()}, for messages
     * @throws IllegalArgumentException for an unknown mode, invalid entries or an unreadable file,
     *     naming the property or file and the entry
     */
    public static ApiKeyAccess load(
            String mode, String inlineKeys, Path keysFile, Duration reloadInterval) {
        SecurityMode parsed = SecurityMode.parse(mode);
        return new ApiKeyAccess(
                parsed,
                ReloadingApiKeyRing.load(inlineKeys, INLINE_KEYS_PROPERTY, keysFile),
                Objects.requireNonNull(reloadInterval, "reloadInterval"));
    }

    public SecurityMode mode() {
        return mode;
    }

    /** Whether requests are let through without keys (development mode). */
    public boolean open() {
        return mode == SecurityMode.OPEN;
    }

    /** The keys in force now. */
    public ApiKeyRing keys() {
        return ring.current();
    }

    /** The keys file, if one is configured. */
    public Optional<Path> keysFile() {
        return ring.file();
    }

    /**
     * Whether a request with these headers may do what {@code required} allows.
     *
     * <ul>
     *   <li>Open mode: {@link AccessDecision.Granted} to {@link Caller#openMode()}, whatever the
     *       headers.
     *   <li>No key, or an unknown one: {@link AccessDecision.Unauthenticated}, whose reason ends
     *       with how to send a key ({@link ApiKeyHeaders#howToSend(Scope)}).
     *   <li>A known key without a scope granting {@code required}: {@link AccessDecision.Forbidden}
     *       naming the key and its scopes.
     * </ul>
     *
     * @param header the request's header lookup by name, {@code null} for an absent header (e.g.
     *     {@code request.getHeaders()::get}); see {@link ApiKeyHeaders#presentedKey(Function)}
     */
    public AccessDecision authorize(Function<String, String> header, Scope required) {
        if (open()) {
            return new AccessDecision.Granted(Caller.openMode());
        }
        AccessDecision decision =
                ring.current().authorize(ApiKeyHeaders.presentedKey(header), required);
        if (decision instanceof AccessDecision.Unauthenticated u) {
            return new AccessDecision.Unauthenticated(
                    u.reason() + " " + ApiKeyHeaders.howToSend(required));
        }
        return decision;
    }

    /**
     * What to log once at startup: in open mode a boxed WARN that {@code routes} are unprotected;
     * with no keys configured a WARN that every request will be refused; else an INFO with the
     * number of keys and the keys file.
     *
     * @param routes the routes the adapter protects, e.g. {@code /api/v1}
     * @param openExposure what anyone can do in open mode, completing "anyone who can reach this
     *     port can ...", e.g. {@code read every tenant's metrics}
     */
    public SecurityNotice startupNotice(String routes, String openExposure) {
        if (open()) {
            return new SecurityNotice(
                    SecurityNotice.Level.WARN, openModeWarning(routes, openExposure));
        }
        int keys = ring.current().size();
        if (keys == 0) {
            return new SecurityNotice(
                    SecurityNotice.Level.WARN,
                    "No API keys are configured ("
                            + INLINE_KEYS_PROPERTY
                            + " / keys-file): every "
                            + routes
                            + " request will be refused with 401.");
        }
        return new SecurityNotice(
                SecurityNotice.Level.INFO,
                "API keys for "
                        + routes
                        + ": "
                        + keys
                        + " configured"
                        + ring.file()
                                .map(f -> ", keys file " + f + " re-read every " + reloadInterval)
                                .orElse(""));
    }

    /**
     * Re-reads the keys file when it changed (content-compared).
     *
     * @return an INFO when new keys are in force, an ERROR when the file could not be used (the
     *     previous keys stay in force), empty when nothing changed or no file is configured
     */
    public Optional<SecurityNotice> reload() {
        if (ring.file().isEmpty()) {
            return Optional.empty();
        }
        ReloadingApiKeyRing.Outcome outcome = ring.reloadIfChanged();
        if (outcome instanceof ReloadingApiKeyRing.Outcome.Reloaded reloaded) {
            return Optional.of(
                    new SecurityNotice(
                            SecurityNotice.Level.INFO,
                            "API keys file reloaded: " + reloaded.keys() + " keys in force"));
        }
        if (outcome instanceof ReloadingApiKeyRing.Outcome.Failed failed) {
            return Optional.of(
                    new SecurityNotice(
                            SecurityNotice.Level.ERROR,
                            "API keys file not reloaded, previous keys stay in force: "
                                    + failed.reason()));
        }
        return Optional.empty();
    }

    /**
     * The open-mode warning: a box of asterisks, starting on a new line so that it stands out in
     * any log format, whose first line is {@code SECURITY: plimsoll.security.mode=open}.
     */
    static String openModeWarning(String routes, String exposure) {
        // No-break spaces keep "WITHOUT API keys" on one line; they become spaces again below.
        List<String> lines = new ArrayList<>();
        lines.add("SECURITY: plimsoll.security.mode=open");
        lines.addAll(
                wrap(
                        routes
                                + ": requests are let through WITHOUT\u00a0API\u00a0keys;"
                                + " anyone who can reach this port can "
                                + exposure
                                + "."));
        lines.addAll(
                wrap(
                        "For local development only. Set plimsoll.security.mode=keys and"
                                + " configure keys before exposing it."));
        int width = lines.stream().mapToInt(String::length).max().orElse(0);
        String border = "*".repeat(width + 6);
        StringBuilder box = new StringBuilder("\n").append(border).append('\n');
        for (String line : lines) {
            box.append("*  ")
                    .append(line.replace('\u00a0', ' '))
                    .append(" ".repeat(width - line.length()))
                    .append("  *\n");
        }
        return box.append(border).toString();
    }

    private static List<String> wrap(String text) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > BOX_TEXT_WIDTH) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        lines.add(line.toString());
        return lines;
    }
}
