package dev.plimsoll.streams.row;

/** Bytes that are not a {@link ServiceMinuteRow} in {@link ServiceMinuteRowJson}'s encoding. */
public final class MalformedRowException extends Exception {

    private final String field;

    public MalformedRowException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    /** The offending field, or {@code record} for the value as a whole. */
    public String field() {
        return field;
    }
}
