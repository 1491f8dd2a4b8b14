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

    /**
     * Most fraction digits of a cost: storage is {@code Decimal(38, 18)} (ADR 0016). Cloud exports
     * write 10 to 17 decimal places (AWS 10, Azure up to 17); 18 keeps every one of them exact.
     */
    public static final int MAX_COST_SCALE = 18;

    /**
     * Most integer digits of a cost: below 10<sup>15</sup> in magnitude. {@code Decimal(38, 18)}
     * holds 20 integer digits; the 5 spare digits keep sums of up to 100 000 such amounts (an hour,
     * a day, a month of a service) from overflowing in ClickHouse.
     */
    public static final int MAX_COST_INTEGER_DIGITS = 15;

    /**
     * Longest charge period of one cost record: 366 days. Monthly and yearly rows fit; the cost job
     * spreads a record over at most 8 784 hours.
     */
    public static final long MAX_CHARGE_PERIOD_MICROS = 366L * 24 * 3600 * 1_000_000;

    private TelemetryLimits() {}
}
