package dev.plimsoll.ingest.http;

/**
 * A request body above {@code plimsoll.ingest.max-body-bytes}, or a FOCUS import above {@code
 * plimsoll.ingest.max-import-bytes}.
 */
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

    private BodyTooLargeException(String message) {
        super(message);
    }

    /** A FOCUS import of {@code size} bytes, above {@code limit}. */
    static BodyTooLargeException ofImport(long size, long limit) {
        return new BodyTooLargeException(
                "The import has "
                        + size
                        + " bytes; the limit is "
                        + limit
                        + " bytes (plimsoll.ingest.max-import-bytes).");
    }
}
