package dev.plimsoll.core.telemetry;

/**
 * A batch with more records than the caller allows. Thrown while decoding, before the excess is
 * materialized, so that a small body of many tiny records cannot exhaust memory.
 */
public final class TooManyRecordsException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int limit;

    public TooManyRecordsException(int limit) {
        super("The batch has more than " + limit + " records; split it into smaller batches.");
        this.limit = limit;
    }

    /** The most records allowed. */
    public int limit() {
        return limit;
    }
}
