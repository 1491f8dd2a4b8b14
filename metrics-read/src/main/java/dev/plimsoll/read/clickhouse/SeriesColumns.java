package dev.plimsoll.read.clickhouse;

/**
 * The SQL columns of one metric, in the two forms {@link SegmentedSql} needs. Each form is a
 * constant of the reader, never built from request values.
 */
interface SeriesColumns {

    /**
     * Per table: the metric's stored columns renamed (and cast) to common names and types, so that
     * rows of every table can be combined with {@code UNION ALL}; no aggregation.
     */
    String rows(Resolution resolution);

    /**
     * Aggregates over the common names: one result row per point, with the output names. Also for
     * one-minute points: a minute can have several rows (the row written when it closed and its
     * corrections, ADR 0011).
     */
    String merge();
}
