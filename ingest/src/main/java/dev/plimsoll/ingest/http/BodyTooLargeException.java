package dev.plimsoll.ingest.http;

/** A request body above {@code plimsoll.ingest.max-body-bytes}. */
public final class BodyTooLargeException extends Exception {

    private static final long serialVersionUID = 1L;

    public BodyTooLargeException(long size, long limit) {
        super(
                "The body has "
                        + size
                        + " bytes; the limit is "
                        + limit
                        + " bytes (plimsoll.ingest.max-body-bytes). Split it into smaller"
                        + " batches.");
    }
}
