package dev.plimsoll.read.clickhouse;

/**
 * The SQL columns of one metric, in the three forms {@link SegmentedSql} needs. Each form is a
 * constant of the reader, never built from request values.
 */
interface SeriesColumns {

    /**
     * Per table: the metric's stored columns renamed (and cast) to common names and types, so that
     * rows of every table can be combined with {@code UNION ALL}; no aggregation.
     */
    String rows(Resolution resolution);

    /** Aggregates over the common names: one result row per point, with the output names. */
    String merge();

    /**
     * The same output names and types without aggregation, for plans whose rows already are the
     * points (one-minute steps over {@code service_minute FINAL}: one row per minute).
     */
    String passThrough();
}
