package dev.plimsoll.read.clickhouse;

/**
 * The columns that say whether a point includes late corrections (ADR 0011), for every reader. A
 * late event of a minute already written is stored as a <em>correction row</em> of that minute
 * ({@code service_minute.correction > 0}); the rollups count those rows ({@code corrections}) and
 * their requests ({@code late_count}). A correction row's peak in flight is the bound of its whole
 * minute, flagged by {@code peak_exact = 0} when it may exceed the true peak.
 *
 * <p>Output names of {@link #merge()}: {@code corrected} (UInt8, 1 when the point has a correction
 * row), {@code late_count} (Int64, late requests counted in the point), {@code peak_upper_bound}
 * (UInt8, 1 when the point's peak may exceed the true peak).
 */
final class Completeness {

    private Completeness() {}

    /**
     * Per table: the completeness columns of one row, as {@code corr}, {@code late}, {@code pe}.
     */
    static String rows(Resolution resolution) {
        return resolution == Resolution.MINUTE
                ? "toUInt64(correction > 0) AS corr,"
                        + " toUInt64(if(correction > 0, count, 0)) AS late,"
                        + " toUInt8(peak_exact) AS pe"
                : "toUInt64(corrections) AS corr, toUInt64(late_count) AS late,"
                        + " toUInt8(peak_exact) AS pe";
    }

    /** Their aggregation per point. */
    static String merge() {
        return "toUInt8(sum(corr) > 0) AS corrected, toInt64(sum(late)) AS late_count,"
                + " toUInt8(min(pe) = 0) AS peak_upper_bound";
    }
}
