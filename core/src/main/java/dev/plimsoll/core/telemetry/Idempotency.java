package dev.plimsoll.core.telemetry;

import net.openhft.hashing.LongTupleHashFunction;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Idempotent retries: how a batch sent with an {@value #HTTP_HEADER} header is recognised when it
 * is sent again, and what every consumer that counts request events must do about it (the contract
 * of {@code docs/telemetry-v1.md}, section "Idempotent retries").
 *
 * <p><b>Ingest</b> stamps every record of a request that carried a key with two Kafka headers:
 * {@value #BATCH_ID_HEADER} — the {@linkplain #batchId batch identity}, 16 bytes — and {@value
 * #BATCH_INDEX_HEADER} — the record's 0-based index in the request, 4 bytes big-endian ({@link
 * #encodeIndex}). The identity is derived from the caller, the route, the key and a digest of the
 * body, so two callers never collide and a key reused for a different body is a different batch
 * (counted, never dropped).
 *
 * <p><b>A counting consumer</b> skips a record whose (batch id, index) it already counted, for at
 * least {@link #WINDOW} after it first counted a record of that batch (by its own clock at
 * processing; never by event time). Records without both headers well-formed ({@link #isBatchId},
 * {@link #decodeIndex}) are never de-duplicated.
 *
 * <p>Stateless and thread-safe.
 */
public final class Idempotency {

    /** The HTTP request header a client sends, one key per batch, the same key on a retry. */
    public static final String HTTP_HEADER = "Idempotency-Key";

    /** Longest accepted key, in characters (visible ASCII only). */
    public static final int MAX_KEY_LENGTH = 255;

    /** Kafka header with the batch identity: {@value #BATCH_ID_LENGTH} bytes, opaque. */
    public static final String BATCH_ID_HEADER = "plimsoll-batch-id";

    /** Kafka header with the record's index in its batch: 4 bytes, big-endian, {@code >= 0}. */
    public static final String BATCH_INDEX_HEADER = "plimsoll-batch-index";

    /** Length of a batch identity in bytes. */
    public static final int BATCH_ID_LENGTH = 16;

    /**
     * How long a consumer remembers what it counted, from the first record of a batch it counted: a
     * retry processed within this time is counted once.
     */
    public static final Duration WINDOW = Duration.ofHours(24);

    private static final byte[] DOMAIN = "plimsoll-idempotency-v1".getBytes(StandardCharsets.UTF_8);
    private static final LongTupleHashFunction XXH3_128 = LongTupleHashFunction.xx128();

    private Idempotency() {}

    /**
     * Checks a client's key.
     *
     * @param key the header's value, {@code null} when absent
     * @return the problem with it, or empty when it is absent or valid
     */
    public static Optional<String> problem(String key) {
        if (key == null) {
            return Optional.empty();
        }
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            return Optional.of(
                    "must be 1 to "
                            + MAX_KEY_LENGTH
                            + " characters, was "
                            + key.length()
                            + " (send a new key, e.g. a UUID, per batch)");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                return Optional.of(
                        "must be visible ASCII characters only, found U+"
                                + String.format("%04X", (int) c)
                                + " at position "
                                + i);
            }
        }
        return Optional.empty();
    }

    /**
     * The identity of a batch: the first {@value #BATCH_ID_LENGTH} bytes of SHA-256 over a domain
     * tag, {@code caller}, {@code route} and {@code key} (each UTF-8 with a 4-byte length prefix)
     * and the XXH3-128 digest of {@code body}. About 1 µs plus 0.05 µs per KB of body.
     *
     * @param caller who sends: the API key's configured name (the open-mode caller's name without
     *     keys), so that two callers' keys can never collide
     * @param route the request path, e.g. {@code /api/v1/ingest/requests}
     * @param key the client's {@value #HTTP_HEADER}, valid per {@link #problem}
     * @param body the request body as decoded from its transfer and content encodings
     * @return a new array of {@value #BATCH_ID_LENGTH} bytes
     */
    public static byte[] batchId(String caller, String route, String key, byte[] body) {
        Objects.requireNonNull(body, "body");
        long[] digest = XXH3_128.hashBytes(body);
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        sha.update(DOMAIN);
        update(sha, caller);
        update(sha, route);
        update(sha, key);
        sha.update(ByteBuffer.allocate(16).putLong(digest[0]).putLong(digest[1]).array());
        return Arrays.copyOf(sha.digest(), BATCH_ID_LENGTH);
    }

    private static void update(MessageDigest sha, String s) {
        byte[] bytes = Objects.requireNonNull(s).getBytes(StandardCharsets.UTF_8);
        sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        sha.update(bytes);
    }

    /**
     * Whether a {@value #BATCH_ID_HEADER} value is well-formed ({@value #BATCH_ID_LENGTH} bytes).
     */
    public static boolean isBatchId(byte[] value) {
        return value != null && value.length == BATCH_ID_LENGTH;
    }

    /** The {@value #BATCH_INDEX_HEADER} value of {@code index}: 4 bytes, big-endian. */
    public static byte[] encodeIndex(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("a batch index must be >= 0, was " + index);
        }
        return ByteBuffer.allocate(4).putInt(index).array();
    }

    /**
     * The index in a {@value #BATCH_INDEX_HEADER} value.
     *
     * @return the index, or -1 when the value is missing or malformed (not 4 bytes, or negative)
     */
    public static int decodeIndex(byte[] value) {
        if (value == null || value.length != 4) {
            return -1;
        }
        int index = ByteBuffer.wrap(value).getInt();
        return index < 0 ? -1 : index;
    }
}
