package dev.plimsoll.core.telemetry;

/**
 * Bytes that are not well-formed in the expected encoding (broken JSON, a CSV row with an
 * unterminated quote, protobuf that does not parse), so no record boundary can be trusted after the
 * position given. This is different from a well-formed record with an invalid field, which is a
 * {@link Validation.Rejected} value.
 *
 * <p>{@link #getMessage()} names the position: {@code line 3, column 17 (byte offset 211): ...}.
 */
public final class MalformedTelemetryException extends Exception {

    private static final long serialVersionUID = 1L;

    private final long line;
    private final long column;
    private final long byteOffset;
    private final String detail;

    /**
     * @param line 1-based line, or {@code -1} when unknown
     * @param column 1-based column, or {@code -1} when unknown
     * @param byteOffset 0-based byte offset, or {@code -1} when unknown
     * @param detail what was wrong at that position
     * @param cause the underlying parser error, may be {@code null}
     */
    public MalformedTelemetryException(
            long line, long column, long byteOffset, String detail, Throwable cause) {
        super(describe(line, column, byteOffset, detail), cause);
        this.line = line;
        this.column = column;
        this.byteOffset = byteOffset;
        this.detail = detail;
    }

    private static String describe(long line, long column, long byteOffset, String detail) {
        StringBuilder b = new StringBuilder();
        if (line > 0) {
            b.append("line ").append(line);
            if (column > 0) {
                b.append(", column ").append(column);
            }
        }
        if (byteOffset >= 0) {
            b.append(b.length() == 0 ? "byte offset " : " (byte offset ").append(byteOffset);
            if (line > 0) {
                b.append(')');
            }
        }
        if (b.length() > 0) {
            b.append(": ");
        }
        return b.append(detail).toString();
    }

    /** 1-based line of the problem, or {@code -1} when unknown. */
    public long line() {
        return line;
    }

    /** 1-based column of the problem, or {@code -1} when unknown. */
    public long column() {
        return column;
    }

    /** 0-based byte offset of the problem, or {@code -1} when unknown. */
    public long byteOffset() {
        return byteOffset;
    }

    /** The problem without its position. */
    public String detail() {
        return detail;
    }
}
