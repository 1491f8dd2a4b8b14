package dev.plimsoll.core.cost;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Spreads a cost over the UTC hours of its charge period, in proportion to the time of the period
 * that falls in each hour (microsecond resolution): an hourly record lands in its hour, a daily one
 * in 24 equal parts, a monthly one of March in 744 parts, a period from 10:30 to 12:00 gives 1/3 to
 * 10:00 and 2/3 to 11:00.
 *
 * <p>Exact: the parts are {@link Money#split split} by the largest-remainder method at 18 decimal
 * places and <b>sum to the amount to the last digit</b>; negative amounts (credits) spread the same
 * way with every part negative or zero. Memory: one entry per hour of the period (a charge period
 * is at most 366 days, 8 784 hours). Stateless and thread-safe.
 */
public final class HourSpread {

    /** Microseconds in an hour. */
    public static final long HOUR_MICROS = 3_600_000_000L;

    private HourSpread() {}

    /**
     * The parts of {@code amount} per hour.
     *
     * @param amount at most 18 fraction digits
     * @param start inclusive start of the charge period
     * @param end exclusive end, after {@code start}
     * @return hour start (epoch seconds, a multiple of 3 600) → part, in time order; hours with a
     *     zero part are included when the period overlaps them
     * @throws IllegalArgumentException if {@code end} is not after {@code start}
     */
    public static Map<Long, BigDecimal> spread(BigDecimal amount, Instant start, Instant end) {
        long from = micros(start);
        long to = micros(end);
        if (to <= from) {
            throw new IllegalArgumentException(
                    "the charge period end " + end + " must be after its start " + start);
        }
        long firstHour = Math.floorDiv(from, HOUR_MICROS);
        long lastHour = Math.floorDiv(to - 1, HOUR_MICROS);
        int hours = Math.toIntExact(lastHour - firstHour + 1);
        if (hours == 1) {
            return Collections.singletonMap(firstHour * 3600, Money.exact(amount));
        }
        long[] weights = new long[hours];
        for (int i = 0; i < hours; i++) {
            long hourStart = (firstHour + i) * HOUR_MICROS;
            long hourEnd = hourStart + HOUR_MICROS;
            weights[i] = Math.min(to, hourEnd) - Math.max(from, hourStart);
        }
        BigDecimal[] parts = Money.split(amount, weights);
        Map<Long, BigDecimal> out = new LinkedHashMap<>(hours * 2);
        for (int i = 0; i < hours; i++) {
            out.put((firstHour + i) * 3600, parts[i]);
        }
        return out;
    }

    /** Epoch microseconds of an instant (sub-microsecond digits are dropped). */
    static long micros(Instant t) {
        return Math.addExact(
                Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
    }
}
