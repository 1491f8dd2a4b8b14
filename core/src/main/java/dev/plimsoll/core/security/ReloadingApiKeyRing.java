package dev.plimsoll.core.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The current {@link ApiKeyRing}, built from inline configuration plus an optional keys file that
 * can be edited while the process runs: key rotation without restart.
 *
 * <p>Rotation: add the new key's line to the file, roll the clients over, delete the old line. The
 * owner calls {@link #reloadIfChanged()} periodically; a changed file is parsed and swapped in
 * atomically. A file that no longer parses (or has vanished, e.g. mid-replacement) leaves the
 * previous keys in force and is reported as {@link Outcome.Failed}, so a typo never locks everyone
 * out. Changes are detected by content, not timestamps.
 *
 * <p>Thread-safe: {@link #current()} is a volatile read; reloads are serialized.
 */
public final class ReloadingApiKeyRing {

    private final ApiKeyRing inline;
    private final Optional<Path> file;
    private volatile ApiKeyRing current;
    private byte[] fileFingerprint;

    private ReloadingApiKeyRing(ApiKeyRing inline, Optional<Path> file) {
        this.inline = inline;
        this.file = file;
    }

    /**
     * Loads the keys once.
     *
     * @param inlineKeys keys in the {@link ApiKeyRing} format from configuration, or {@code null}
     * @param inlineSource the configuration property holding {@code inlineKeys}, for messages
     * @param keysFile a file in the same format, or {@code null} for none
     * @throws IllegalArgumentException when the keys are invalid or the file cannot be read
     */
    public static ReloadingApiKeyRing load(String inlineKeys, String inlineSource, Path keysFile) {
        ApiKeyRing inline =
                inlineKeys == null
                        ? ApiKeyRing.empty()
                        : ApiKeyRing.parse(inlineKeys, inlineSource);
        ReloadingApiKeyRing ring = new ReloadingApiKeyRing(inline, Optional.ofNullable(keysFile));
        Outcome first = ring.reloadIfChanged();
        if (first instanceof Outcome.Failed failed) {
            throw new IllegalArgumentException(failed.reason());
        }
        return ring;
    }

    /** The keys in force. */
    public ApiKeyRing current() {
        return current;
    }

    /** The keys file, if one is configured. */
    public Optional<Path> file() {
        return file;
    }

    /**
     * Re-reads the keys file and swaps in its keys when its content changed.
     *
     * @return what happened; on {@link Outcome.Failed} the previous keys stay in force
     */
    public synchronized Outcome reloadIfChanged() {
        if (file.isEmpty()) {
            if (current == null) {
                current = inline;
                return new Outcome.Reloaded(inline.size());
            }
            return new Outcome.Unchanged();
        }
        Path path = file.get();
        byte[] content;
        try {
            content = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return new Outcome.Failed("API keys file " + path + " does not exist.");
        } catch (IOException e) {
            return new Outcome.Failed("API keys file " + path + " cannot be read: " + e + ".");
        }
        byte[] fingerprint = sha256(content);
        if (current != null && Arrays.equals(fingerprint, fileFingerprint)) {
            return new Outcome.Unchanged();
        }
        ApiKeyRing next;
        try {
            next =
                    inline.plus(
                            ApiKeyRing.parse(
                                    new String(content, java.nio.charset.StandardCharsets.UTF_8),
                                    path.toString()));
        } catch (IllegalArgumentException e) {
            return new Outcome.Failed(e.getMessage());
        }
        current = next;
        fileFingerprint = fingerprint;
        return new Outcome.Reloaded(next.size());
    }

    private static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** What {@link #reloadIfChanged()} did. */
    public sealed interface Outcome {
        /** Nothing changed since the last load. */
        record Unchanged() implements Outcome {}

        /** New keys are in force. */
        record Reloaded(int keys) implements Outcome {}

        /**
         * The file could not be used; the previous keys stay in force.
         *
         * @param reason a full sentence naming the file and the problem (never a key)
         */
        record Failed(String reason) implements Outcome {
            public Failed {
                Objects.requireNonNull(reason, "reason");
            }
        }
    }
}
