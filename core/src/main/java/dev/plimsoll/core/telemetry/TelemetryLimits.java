package dev.plimsoll.core.telemetry;

/**
 * Bounds that contract v1 enforces on every record, whatever the transport. They keep one record
 * well below Kafka's default 1 MB message size and keep ClickHouse keys short.
 */
public final class TelemetryLimits {

    /** Longest {@code service}, {@code tenant}, {@code userId}, {@code version}, in characters. */
    public static final int MAX_NAME_LENGTH = 256;

    /** Longest {@code operation}, {@code recordId} and {@code resourceId}, in characters. */
    public static final int MAX_OPERATION_LENGTH = 1024;

    /** Most tags on one cost record. */
    public static final int MAX_TAGS = 64;

    /** Longest tag key or value, in characters. */
    public static final int MAX_TAG_LENGTH = 256;

    /** How far in the future a request start or deploy time may lie: 24 hours. */
    public static final long MAX_FUTURE_MICROS = 24L * 3600 * 1_000_000;

    /**
     * Earliest accepted time, 2000-01-01T00:00:00Z in epoch microseconds. Earlier values are almost
     * always epoch seconds sent where milliseconds are expected.
     */
    public static final long MIN_TIME_MICROS = 946_684_800_000_000L;

    /** Most fraction digits of a cost: storage is {@code Decimal(38, 10)}. */
    public static final int MAX_COST_SCALE = 10;

    /** Most integer digits of a cost: storage is {@code Decimal(38, 10)}. */
    public static final int MAX_COST_INTEGER_DIGITS = 28;

    private TelemetryLimits() {}
}
