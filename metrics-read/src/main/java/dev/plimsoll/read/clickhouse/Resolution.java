package dev.plimsoll.read.clickhouse;

/**
 * The three tables of schema V0001 and how to read them.
 *
 * <p>{@code service_minute} is a ReplacingMergeTree and is read with {@code FINAL} so that a
 * replayed window counts once; the rollups are AggregatingMergeTrees, always re-aggregated with
 * {@code GROUP BY}.
 */
public enum Resolution {
    MINUTE(60, "service_minute", "minute", true),
    HOUR(3600, "service_hour", "hour", false),
    DAY(86_400, "service_day", "day", false);

    private final long seconds;
    private final String table;
    private final String timeColumn;
    private final boolean readFinal;

    Resolution(long seconds, String table, String timeColumn, boolean readFinal) {
        this.seconds = seconds;
        this.table = table;
        this.timeColumn = timeColumn;
        this.readFinal = readFinal;
    }

    /** Width of one row's window. */
    public long seconds() {
        return seconds;
    }

    public String table() {
        return table;
    }

    /** {@code FROM} clause: the table, with {@code FINAL} where needed. */
    String from() {
        return readFinal ? table + " FINAL" : table;
    }

    String timeColumn() {
        return timeColumn;
    }

    /** SQL for the row's window start as Int64 epoch seconds. */
    String epochSeconds() {
        return this == DAY
                ? "toInt64(toUnixTimestamp(toDateTime(day, 'UTC')))"
                : "toInt64(toUnixTimestamp(" + timeColumn + "))";
    }

    /**
     * SQL comparing the time column with an epoch-second bound given as an Int64 {@code
     * placeholder}; {@code op} is {@code >=} or {@code <}.
     */
    String compare(String op, String placeholder) {
        String bound = "toDateTime(" + placeholder + ", 'UTC')";
        return this == DAY
                ? "day " + op + " toDate(" + bound + ", 'UTC')"
                : timeColumn + " " + op + " " + bound;
    }
}
