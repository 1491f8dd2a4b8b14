package dev.plimsoll.read.model;

/** OpenAPI descriptions shared by the point types. */
final class PointDocs {

    static final String T =
            "the point's start, RFC 3339 UTC (the range's `from` when there is no step)";

    private PointDocs() {}
}
