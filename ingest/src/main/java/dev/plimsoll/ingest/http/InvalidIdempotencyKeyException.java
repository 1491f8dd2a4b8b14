package dev.plimsoll.ingest.http;

/** The request's {@code Idempotency-Key} header is not a valid key: 400. */
public final class InvalidIdempotencyKeyException extends Exception {

    private static final long serialVersionUID = 1L;

    public InvalidIdempotencyKeyException(String message) {
        super(message);
    }
}
