package dev.plimsoll.read.clickhouse;

/**
 * A part of a query's range read from one table: rows whose window starts in {@code [start, end)},
 * both aligned to the table's resolution.
 *
 * @param resolution the table
 * @param start inclusive epoch second
 * @param end exclusive epoch second
 */
public record Segment(Resolution resolution, long start, long end) {

    public Segment {
        if (start >= end || start % resolution.seconds() != 0 || end % resolution.seconds() != 0) {
            throw new IllegalArgumentException(
                    "segment [" + start + ", " + end + ") is not aligned to " + resolution);
        }
    }
}
