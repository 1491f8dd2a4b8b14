package dev.plimsoll.read.model;

/** OpenAPI descriptions shared by the point types. */
final class PointDocs {

    static final String T =
            "the point's start, RFC 3339 UTC (the range's `from` when there is no step)";

    static final String CORRECTED =
            "whether the point includes late corrections: events that reached Plimsoll after their"
                    + " minute had been written (a backfill, a replayed queue, a long request sent"
                    + " when it ended). They are counted as if on time; until they arrive, the"
                    + " point shows less than it will";

    private PointDocs() {}
}
