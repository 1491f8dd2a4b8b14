package dev.plimsoll.core;

/**
 * Bytes that are not a valid encoding of the value being decoded: truncated, of an unknown format
 * version, or with inconsistent contents. The message says which field was wrong and why.
 *
 * <p>Checked on purpose: callers that decode persisted state (Kafka Streams state stores, replayed
 * records) must decide what a corrupt record means for them.
 */
public final class DecodingException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param message a full sentence naming the field and the problem
     */
    public DecodingException(String message) {
        super(message);
    }

    /**
     * @param message a full sentence naming the field and the problem
     * @param cause the underlying error, e.g. a buffer underflow
     */
    public DecodingException(String message, Throwable cause) {
        super(message, cause);
    }
}
